//! Large loads into PostgreSQL through `COPY ... FROM STDIN`: rows are written in COPY's text format and streamed,
//! so the server parses them as fast as it reads them, with no statement to plan and no per-row bind. Each value is
//! written as the text PostgreSQL reads back to exactly what the bound value stores: the same instant, date, number,
//! flag, bytes or text.

use homeward_core::StoreError;
use sqlx::PgConnection;

use super::backend_error;
use crate::value::Value;

/// Below this many rows a load takes the one prepared statement instead: COPY's extra round trip would cost more.
pub(super) const COPY_MIN_ROWS: usize = 100;

/// Bytes gathered before they are sent: large enough that sends are few, small enough to stay a megabyte.
const SEND_BYTES: usize = 1 << 20;

/// Copies `rows` into `columns` of `table`; answers how many went in. A failure ends the COPY, and the caller's
/// transaction with it, so no part of the rows is kept.
pub(super) async fn copy_rows(
    conn: &mut PgConnection,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<Value>>,
) -> Result<u64, StoreError> {
    let mut copy =
        conn.copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", "))).await.map_err(backend_error)?;
    let mut buffer = Vec::with_capacity(SEND_BYTES + 64 * 1024);
    let sent = async {
        for row in rows {
            write_row(&mut buffer, row);
            if buffer.len() >= SEND_BYTES {
                copy.send(buffer.as_slice()).await?;
                buffer.clear();
            }
        }
        if !buffer.is_empty() {
            copy.send(buffer.as_slice()).await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    match sent {
        Ok(()) => copy.finish().await.map_err(backend_error),
        Err(error) => {
            // The server is told the COPY is over either way; the send's own error is the one worth reporting.
            drop(copy.abort("homeward: the load failed").await);
            Err(backend_error(error))
        }
    }
}

/// One row of COPY's text format: values separated by tabs, ended by a newline, NULL as `\N`.
pub(crate) fn write_row(buffer: &mut Vec<u8>, row: Vec<Value>) {
    for (i, value) in row.into_iter().enumerate() {
        if i > 0 {
            buffer.push(b'\t');
        }
        write_value(buffer, value);
    }
    buffer.push(b'\n');
}

fn write_value(buffer: &mut Vec<u8>, value: Value) {
    use std::io::Write;
    let written = match value {
        Value::Text(Some(text)) => {
            write_text(buffer, &text);
            Ok(())
        }
        Value::Int(Some(number)) => write!(buffer, "{number}"),
        Value::Bool(Some(flag)) => {
            buffer.push(if flag { b't' } else { b'f' });
            Ok(())
        }
        // The fixed-width UTC form with its `Z`, to the microsecond: exactly the instant the binds store.
        Value::Time(Some(at)) => write!(buffer, "{}", at.to_rfc3339()),
        Value::Date(Some(date)) => write!(buffer, "{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()),
        // bytea's hex form; its backslash doubled, as every backslash in COPY's text format is.
        Value::Bytes(bytes) => {
            buffer.extend_from_slice(b"\\\\x");
            bytes.iter().try_for_each(|byte| write!(buffer, "{byte:02x}"))
        }
        Value::Text(None) | Value::Int(None) | Value::Bool(None) | Value::Time(None) | Value::Date(None) => {
            buffer.extend_from_slice(b"\\N");
            Ok(())
        }
    };
    written.expect("writing to a Vec cannot fail");
}

/// Text with COPY's four special characters escaped: backslash, tab, newline and carriage return. Everything else,
/// quotes and any Unicode included, is taken as it is.
fn write_text(buffer: &mut Vec<u8>, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'\\' => buffer.extend_from_slice(b"\\\\"),
            b'\t' => buffer.extend_from_slice(b"\\t"),
            b'\n' => buffer.extend_from_slice(b"\\n"),
            b'\r' => buffer.extend_from_slice(b"\\r"),
            _ => buffer.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: Vec<Value>) -> String {
        let mut buffer = Vec::new();
        write_row(&mut buffer, values);
        String::from_utf8(buffer).expect("utf-8")
    }

    #[test]
    fn specials_are_escaped_and_nulls_are_marked() {
        let text = "a\tb\nc\rd\\e \"q\" 'q' \\N é";
        assert_eq!(
            row(vec![Value::Text(Some(text.into())), Value::Text(None), Value::Int(Some(-3)), Value::Bool(Some(true))]),
            "a\\tb\\nc\\rd\\\\e \"q\" 'q' \\\\N é\t\\N\t-3\tt\n"
        );
    }

    #[test]
    fn bytes_times_and_dates_take_the_forms_postgresql_reads() {
        let at = homeward_core::domain::time::Timestamp::parse_rfc3339("2026-05-01T21:00:00.123456+01:00")
            .expect("a timestamp");
        let date = time::Date::from_calendar_date(2012, time::Month::March, 4).expect("a date");
        assert_eq!(
            row(vec![Value::Bytes(vec![0, 255]), Value::Time(Some(at)), Value::Date(Some(date)), Value::Time(None)]),
            "\\\\x00ff\t2026-05-01T20:00:00.123456Z\t2012-03-04\t\\N\n"
        );
    }
}
