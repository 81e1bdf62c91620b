//! `fake-carriers [LISTEN]`: serves the carrier doubles (default `127.0.0.1:8091`) until killed,
//! for `make demo` and for trying a carrier plugin by hand.

fn main() {
    let listen = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8091".into());
    match fake_carriers::FakeCarriers::start_on(&listen) {
        Ok(server) => {
            println!("fake carriers on http://{} (/dhl, /ups, /fedex, /usps)", server.host());
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            eprintln!("fake-carriers: cannot listen on {listen}: {e}");
            std::process::exit(2);
        }
    }
}
