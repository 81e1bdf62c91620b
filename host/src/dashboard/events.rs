//! Dead letters: webhook events the pipeline gave up on after their attempts, with the last
//! error, and a replay button per event (`POST /api/v1/events/{id}/replay`), which puts the
//! event back in the inbox as pending for the workers to try again.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::Dash;
use super::backend::{query, seg};
use super::layout::{self, Nav, Notice, opt};
use super::session::{Posted, Session, redirect_with};
use crate::api::model::activity as model;

#[derive(Debug, Default, Deserialize)]
pub struct Page {
    after: Option<String>,
}

async fn render(
    dash: &Dash,
    session: &Session,
    after: Option<&str>,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let path = format!("/api/v1/events{}", query([("status", Some("dead")), ("after", after)]));
    let list: model::EventList = match dash.api.get_as(&session.token, &path).await {
        Ok(l) => l,
        Err(f) => return layout::failure_page(session, Nav::DeadLetters, &f),
    };
    let content = html! {
        p.lede { "Events the pipeline could not process after every attempt. Fix the cause (a catalog entry, a binding), then replay." }
        @if list.items.is_empty() {
            p.empty { "No dead letters." }
        } @else {
            div.scroll {
                table.events {
                    thead { tr { th { "Event" } th { "Topic" } th { "Connection" } th { "Delivery" } th.num { "Attempts" } th { "Last error" } th { "Received" } th {} } }
                    tbody {
                        @for e in &list.items {
                            @let id = e.id.to_string();
                            tr data-event=(id) {
                                td { (id) }
                                td { code { (e.topic) } }
                                td { (e.connection) " (" (e.platform.as_str()) ")" }
                                td { (e.delivery_id) }
                                td.num { (e.attempts) }
                                td.error { (opt(e.last_error.as_deref())) }
                                td { (e.received_at) }
                                td {
                                    form method="post" action={ "/events/" (seg(&id)) "/replay" } {
                                        (layout::csrf(session))
                                        button type="submit" disabled[!session.can_write()] { "Replay" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(next) = &list.next {
                p.pager { a href={ "/dead-letters" (query([("after", Some(next.as_str()))])) } rel="next" { "Next page →" } }
            }
        }
    };
    layout::respond(status, session, layout::page(session, Nav::DeadLetters, "Dead letters", notice.as_ref(), content))
}

/// `GET /dead-letters`.
pub async fn dead_letters(State(dash): State<Arc<Dash>>, session: Session, Query(page): Query<Page>) -> Response {
    render(&dash, &session, page.after.as_deref(), None, StatusCode::OK).await
}

/// `POST /events/{id}/replay`.
pub async fn replay(State(dash): State<Arc<Dash>>, Path(id): Path<String>, posted: Posted) -> Response {
    let session = &posted.session;
    let path = format!("/api/v1/events/{}/replay", seg(&id));
    match dash.api.send_as::<model::Event>(&session.token, Method::POST, &path, None).await {
        Ok(event) => {
            let status = event.status.as_str();
            redirect_with(
                "/dead-letters",
                Notice::ok(format!("Event {id} is {status} again; a worker will pick it up.")),
            )
        }
        Err(f) => render(&dash, session, None, Some(Notice::failure(&f)), f.status).await,
    }
}
