//! Cells of the files the platform hands out (CSV for the insurer, the fund and the census office): one writer, so
//! no export can forget the rules.
//!
//! A spreadsheet program opening a CSV treats a cell that begins with `=`, `+`, `-` or `@` as a formula, and a tab
//! or carriage return at the start can smuggle one in (OWASP, "CSV Injection"). Such a cell is written with a
//! leading apostrophe, which spreadsheets show as text and do not evaluate. Cells with a comma, a quote or a line
//! break are quoted (RFC 4180). Figures written by the platform itself (amounts, counts, dates) do not pass through
//! here, so a negative amount stays a number.

/// One CSV cell of text that may come from outside (a name, an address, a reason).
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_are_written_as_text_and_separators_are_quoted() {
        // The characters OWASP lists as starting a formula, each neutralised.
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"点我\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""
        );
        assert_eq!(csv_cell("+1+1"), "'+1+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\t=1"), "'\t=1");
        assert_eq!(csv_cell("\r=1"), "\"'\r=1\"");
        // Ordinary text is left alone; separators are quoted.
        assert_eq!(csv_cell("张三"), "张三");
        assert_eq!(csv_cell("八角,古城"), "\"八角,古城\"");
        assert_eq!(csv_cell("李\"四\""), "\"李\"\"四\"\"\"");
        assert_eq!(csv_cell("a=b"), "a=b");
    }
}
