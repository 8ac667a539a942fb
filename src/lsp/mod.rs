//! `keel lsp`: the language server over stdio. Synchronous and ordered: one message is read,
//! handled and answered before the next. The transport is Keel's own so that malformed input
//! (bad headers, invalid JSON, unknown methods, wrong parameters) is answered with an error
//! and never ends the session; a panic in a handler becomes an error response too.

pub mod convert;
pub mod document;
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
        let Some(raw) = read_header_line(input)? else {
            return Ok(None);
        };
        let line = String::from_utf8_lossy(&raw);
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

/// The longest header line read; the rest of a longer one is skipped without being kept.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// One header line (with its newline), at most [`MAX_HEADER_LINE`] bytes kept. A longer line
/// is read to its end in bounded memory and refused. `Ok(None)` at end of input.
fn read_header_line(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut limited = io::Read::take(&mut *input, MAX_HEADER_LINE as u64);
    let n = limited.read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.ends_with(b"\n") || line.len() < MAX_HEADER_LINE {
        return Ok(Some(line));
    }
    // Too long: skip to the end of the line.
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                break;
            }
            None => {
                let len = buf.len();
                input.consume(len);
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        format!("header line longer than {MAX_HEADER_LINE} bytes"),
    ))
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
        let parsed = serde_json::from_slice::<Message>(&body);
        // A request whose id is an object or an array reads as a notification (the id is
        // ignored): answer it as the invalid request it is.
        if matches!(parsed, Ok(Message::Notification(_))) {
            if let Some(why) = invalid_request(&body) {
                if write_error(out, ErrorCode::InvalidRequest, &why).is_err() {
                    return 1;
                }
                continue;
            }
        }
        let outgoing = match parsed {
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

/// Why a well-formed JSON body is not a valid JSON-RPC message, when its `id` is neither a
/// number, a string nor null (such a request cannot be answered with its own id).
fn invalid_request(body: &[u8]) -> Option<String> {
    if !body.windows(4).any(|w| w == b"\"id\"") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let id = v.get("id")?;
    if id.is_null() || id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) {
        return None;
    }
    Some(format!(
        "invalid request: the id must be a string or a 32-bit integer, not {id}"
    ))
}

/// JSON-RPC's answer to a message that cannot be read: a parse error with a null id.
pub fn write_parse_error(out: &mut impl Write, why: &str) -> io::Result<()> {
    write_error(
        out,
        ErrorCode::ParseError,
        &format!("malformed message: {why}"),
    )
}

/// An error response with a null id (the request's own id is unknown or unusable).
fn write_error(out: &mut impl Write, code: ErrorCode, message: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code as i32, "message": message },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}
