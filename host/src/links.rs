//! The paths crossdock hands out in links — in outbound events, API answers, the dashboard and
//! the CLI's requests — built in one place below everything that links, so that the pipeline,
//! the HTTP side and the command line agree on them without depending on each other.

/// One path segment, percent-encoded (a space as `%20`, not `+`), so an id with `/`, `?` or
/// `#` stays one segment.
pub fn segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace('+', "%20")
}

/// The public path of a shipment's tracking page: `/track/{merchant}/{number}`, each segment
/// percent-encoded.
pub fn tracking_path(merchant_id: &str, number: &str) -> String {
    format!("/track/{}/{}", segment(merchant_id), segment(number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tracking_path_keeps_each_id_one_segment() {
        assert_eq!(tracking_path("acme eu", "1Z/99?#"), "/track/acme%20eu/1Z%2F99%3F%23");
    }
}
