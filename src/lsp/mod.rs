//! `keel lsp`: the language server over stdio. Synchronous and ordered: one message is read,
//! handled and answered before the next. The transport is Keel's own so that malformed input
//! (bad headers, invalid JSON, unknown methods, wrong parameters) is answered with an error
//! and never ends the session; a panic in a handler becomes an error response too.

pub mod convert;
mod features;
pub mod index;
pub mod server;

use std::io::{self, BufRead, Write};

use lsp_server::{ErrorCode, Message};

pub use server::Server;

/// Reads one framed message body (`Content-Length` headers, blank line, body). `Ok(None)` at
/// end of input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(n) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "missing Content-Length",
        ));
    };
    if n > 64 * 1024 * 1024 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "message too large",
        ));
    }
    let mut body = vec![0; n];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// Writes one framed message (with its `"jsonrpc": "2.0"`).
pub fn write_message(out: &mut impl Write, msg: &Message) -> io::Result<()> {
    msg.write(out)?;
    out.flush()
}

/// Runs the server on stdin/stdout until `exit`. Returns the process exit code.
pub fn run_stdio() -> u8 {
    let stdin = io::stdin();
    let stdout = io::stdout();
    serve(&mut stdin.lock(), &mut stdout.lock())
}

/// Runs the server on a byte stream until `exit` or the end of input; returns the exit code
/// (`run_stdio` on stdin and stdout; the fuzz target on arbitrary bytes).
pub fn serve(input: &mut impl BufRead, out: &mut impl Write) -> u8 {
    let mut server = Server::new();
    loop {
        let body = match read_frame(input) {
            Ok(Some(b)) => b,
            Ok(None) => return if server.shutdown_requested() { 0 } else { 1 },
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return 1,
            Err(e) => {
                eprintln!("keel lsp: {e}");
                if write_parse_error(out, &e.to_string()).is_err() {
                    return 1;
                }
                continue;
            }
        };
        let outgoing = match serde_json::from_slice::<Message>(&body) {
            Ok(msg) => server.handle(msg),
            Err(e) => {
                if write_parse_error(out, &e.to_string()).is_err() {
                    return 1;
                }
                continue;
            }
        };
        for m in &outgoing {
            if write_message(out, m).is_err() {
                return 1;
            }
        }
        if let Some(code) = server.exit_code() {
            return code;
        }
    }
}

/// JSON-RPC's answer to a message that cannot be read: a parse error with a null id.
pub fn write_parse_error(out: &mut impl Write, why: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": ErrorCode::ParseError as i32, "message": format!("malformed message: {why}") },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}
