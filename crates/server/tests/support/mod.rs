//! What the server's tests share: a server of given routes on its own runtime.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use hanseek_server::{AppState, ConnectionLimits};

/// `routes` served with every layer and `state`'s limits on 127.0.0.1 and a free
/// port, on a runtime of its own (until the test process ends).
pub fn serve_in_background(
    routes: Router<Arc<AppState>>,
    state: Arc<AppState>,
    limits: ConnectionLimits,
) -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let listener = hanseek_server::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            hanseek_server::serve_app(listener, hanseek_server::limited(routes, state), limits)
                .await
                .unwrap();
        });
    });
    receiver.recv().unwrap()
}
