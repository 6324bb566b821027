//! Reading spreadsheets people upload: the first sheet of an XLSX workbook, or a UTF-8 CSV file.

/// The rows of a spreadsheet's first sheet, every cell as text: XLSX by its zip signature, else UTF-8 CSV.
pub fn rows(data: &[u8]) -> Option<Vec<Vec<String>>> {
    if data.starts_with(b"PK\x03\x04") {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(data)).ok()?;
        let range = book.worksheet_range_at(0)?.ok()?;
        return Some(range.rows().map(|r| r.iter().map(cell_text).collect()).collect());
    }
    std::str::from_utf8(data).ok().map(gongzhi_domain::powers::parse_csv)
}

/// A cell as the person typed it: whole numbers without a decimal point, dates as YYYY-MM-DD.
fn cell_text(c: &calamine::Data) -> String {
    match c {
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        calamine::Data::DateTime(d) => {
            // Excel's serial day number (1900 system): day 25569 is 1970-01-01.
            let days = d.as_f64().floor() as i64 - 25_569;
            jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(days)).map(|x| x.to_string()).unwrap_or_default()
        }
        other => other.to_string(),
    }
}
