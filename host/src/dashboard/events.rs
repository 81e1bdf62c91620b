//! Dead letters: webhook events the pipeline gave up on after their attempts, with the last
//! error, and a replay button per event (`POST /api/v1/events/{id}/replay`), which puts the
//! event back in the inbox as pending for the workers to try again.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::Dash;
use super::backend::{query, seg};
use super::layout::{self, Nav, Notice, text};
use super::session::{Posted, Session, redirect_with};

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
    let list = match dash.api.get(&session.token, &path).await {
        Ok(l) => l,
        Err(f) => return layout::failure_page(session, Nav::DeadLetters, &f),
    };
    let events = list["items"].as_array().map(Vec::as_slice).unwrap_or_default();
    let content = html! {
        p.lede { "Events the pipeline could not process after every attempt. Fix the cause (a catalog entry, a binding), then replay." }
        @if events.is_empty() {
            p.empty { "No dead letters." }
        } @else {
            div.scroll {
                table.events {
                    thead { tr { th { "Event" } th { "Topic" } th { "Connection" } th { "Delivery" } th.num { "Attempts" } th { "Last error" } th { "Received" } th {} } }
                    tbody {
                        @for e in events {
                            @let id = text(&e["id"]);
                            tr data-event=(id) {
                                td { (id) }
                                td { code { (text(&e["topic"])) } }
                                td { (text(&e["connection"])) " (" (text(&e["platform"])) ")" }
                                td { (text(&e["delivery_id"])) }
                                td.num { (text(&e["attempts"])) }
                                td.error { (text(&e["last_error"])) }
                                td { (text(&e["received_at"])) }
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
            @if let Some(next) = list["next"].as_str() {
                p.pager { a href={ "/dead-letters" (query([("after", Some(next))])) } rel="next" { "Next page →" } }
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
    match dash.api.post(&session.token, &format!("/api/v1/events/{}/replay", seg(&id))).await {
        Ok(event) => {
            let status = event["status"].as_str().unwrap_or("pending");
            redirect_with(
                "/dead-letters",
                Notice::ok(format!("Event {id} is {status} again; a worker will pick it up.")),
            )
        }
        Err(f) => render(&dash, session, None, Some(Notice::failure(&f)), f.status).await,
    }
}
