//! Reading spreadsheets people upload: the first sheet of an XLSX workbook, or a UTF-8 CSV file — within limits.
//!
//! An XLSX file is a zip archive of XML, so a file of a few kilobytes can claim a sheet of 16,384 × 1,048,576 cells
//! (two cells, A1 and XFD1048576) or inflate to gigabytes (a zip bomb). Reading it must never allocate by what the
//! file claims: before the workbook is opened, every entry of the archive is inflated into nothing with a running
//! count, and the archive is refused past [`MAX_UNZIPPED_BYTES`]; the sheet is then read cell by cell in the order
//! the file stores them (calamine's cell reader, never its dense `Range`), each cell's position and the running
//! totals checked against [`MAX_ROWS`], [`MAX_COLUMNS`], [`MAX_CELLS`] and [`MAX_TEXT_BYTES`] as it arrives. The
//! limits name themselves in the refusal, so the person who uploaded knows what to change.

use std::io::{Cursor, Read};

/// The most bytes all entries of an uploaded workbook may inflate to together. A census of 500,000 rows with ten
/// columns is about 200 MB of sheet XML.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;
/// The most entries an uploaded workbook may hold (a workbook has about ten).
pub const MAX_ENTRIES: usize = 1_000;
/// The most rows a sheet may reach (the last row's number, blank rows included).
pub const MAX_ROWS: u32 = 600_000;
/// The most columns a sheet may reach (column CV; the census has 10, the powers catalogue 9).
pub const MAX_COLUMNS: u32 = 100;
/// The most non-empty cells a sheet may hold.
pub const MAX_CELLS: usize = 8_000_000;
/// The most text (with 24 bytes of bookkeeping per cell) a sheet may hold once read.
pub const MAX_TEXT_BYTES: usize = 320 * 1024 * 1024;

/// Why a spreadsheet was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetError {
    /// Neither an XLSX workbook nor UTF-8 text.
    Unreadable,
    /// Over one of the limits; nothing was read past it.
    TooLarge(SheetLimit),
}

/// Which limit a spreadsheet went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLimit {
    Unzipped,
    Entries,
    Rows,
    Columns,
    Cells,
    Text,
}

impl SheetLimit {
    /// A stable code, also the key of the message in the web's language tables (`err.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            SheetLimit::Unzipped => "sheet_unzipped_too_large",
            SheetLimit::Entries => "sheet_too_many_entries",
            SheetLimit::Rows => "sheet_too_many_rows",
            SheetLimit::Columns => "sheet_too_many_columns",
            SheetLimit::Cells => "sheet_too_many_cells",
            SheetLimit::Text => "sheet_too_much_text",
        }
    }

    /// The refusal in Chinese, naming the limit (the command line and the census import's record use it).
    pub fn message(self) -> String {
        match self {
            SheetLimit::Unzipped => format!(
                "工作簿解压后超过 {} MB，拒绝读取",
                MAX_UNZIPPED_BYTES / 1024 / 1024
            ),
            SheetLimit::Entries => format!("工作簿包含的部件超过 {MAX_ENTRIES} 个，拒绝读取"),
            SheetLimit::Rows => format!("工作表超过 {MAX_ROWS} 行，拒绝读取"),
            SheetLimit::Columns => format!("工作表超过 {MAX_COLUMNS} 列，拒绝读取"),
            SheetLimit::Cells => format!("工作表的非空单元格超过 {MAX_CELLS} 个，拒绝读取"),
            SheetLimit::Text => format!(
                "工作表的文字超过 {} MB，拒绝读取",
                MAX_TEXT_BYTES / 1024 / 1024
            ),
        }
    }
}

/// The rows of a spreadsheet's first sheet, every cell as text: XLSX by its zip signature, else UTF-8 CSV. Rows
/// before the first non-empty one are left out; a row holds cells up to its last non-empty one.
pub fn rows(data: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    if data.starts_with(b"PK\x03\x04") {
        check_archive(data, MAX_UNZIPPED_BYTES)?;
        return xlsx_rows(data);
    }
    let text = std::str::from_utf8(data).map_err(|_| SheetError::Unreadable)?;
    let rows = gongzhi_domain::powers::parse_csv(text);
    if rows.len() > MAX_ROWS as usize {
        return Err(SheetError::TooLarge(SheetLimit::Rows));
    }
    if rows.iter().any(|r| r.len() > MAX_COLUMNS as usize) {
        return Err(SheetError::TooLarge(SheetLimit::Columns));
    }
    Ok(rows)
}

/// Inflates every entry of the archive into nothing, counting: refused past the limits, before any XML is parsed.
/// The sizes an archive declares are checked first (cheap) but not trusted: the count is of what inflates.
fn check_archive(data: &[u8], max_unzipped: u64) -> Result<(), SheetError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(data)).map_err(|_| SheetError::Unreadable)?;
    if archive.len() > MAX_ENTRIES {
        return Err(SheetError::TooLarge(SheetLimit::Entries));
    }
    let mut left = max_unzipped;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|_| SheetError::Unreadable)?;
        if entry.size() > left {
            return Err(SheetError::TooLarge(SheetLimit::Unzipped));
        }
        let mut limited = entry.take(left + 1);
        let inflated = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|_| SheetError::Unreadable)?;
        if inflated > left {
            return Err(SheetError::TooLarge(SheetLimit::Unzipped));
        }
        left -= inflated;
    }
    Ok(())
}

/// The first sheet read cell by cell, every position and running total checked as it comes.
fn xlsx_rows(data: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(Cursor::new(data)).map_err(|_| SheetError::Unreadable)?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(SheetError::Unreadable)?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|_| SheetError::Unreadable)?;
    // The dimension the sheet declares is only a claim, but a claim past the limits is refused at once.
    let declared = cells.dimensions();
    if declared.end.0 >= MAX_ROWS {
        return Err(SheetError::TooLarge(SheetLimit::Rows));
    }
    if declared.end.1 >= MAX_COLUMNS {
        return Err(SheetError::TooLarge(SheetLimit::Columns));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first_row: Option<u32> = None;
    let (mut n_cells, mut text) = (0usize, 0usize);
    while let Some(cell) = cells.next_cell().map_err(|_| SheetError::Unreadable)? {
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS {
            return Err(SheetError::TooLarge(SheetLimit::Rows));
        }
        if column >= MAX_COLUMNS {
            return Err(SheetError::TooLarge(SheetLimit::Columns));
        }
        let value = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if value.is_empty() {
            continue;
        }
        n_cells += 1;
        text += value.len() + 24;
        if n_cells > MAX_CELLS {
            return Err(SheetError::TooLarge(SheetLimit::Cells));
        }
        if text > MAX_TEXT_BYTES {
            return Err(SheetError::TooLarge(SheetLimit::Text));
        }
        let top = *first_row.get_or_insert(row);
        // Cells come in the file's order, which Excel writes row by row; a file out of order is read all the same.
        let Some(at) = row.checked_sub(top) else {
            return Err(SheetError::Unreadable);
        };
        let at = at as usize;
        if rows.len() <= at {
            rows.resize_with(at + 1, Vec::new);
        }
        let line = &mut rows[at];
        if line.len() <= column as usize {
            line.resize(column as usize + 1, String::new());
        }
        line[column as usize] = value;
    }
    Ok(rows)
}

/// A cell as the person typed it: whole numbers without a decimal point, dates as YYYY-MM-DD.
fn cell_text(c: &calamine::Data) -> String {
    match c {
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        calamine::Data::DateTime(d) => {
            // Excel's serial day number (1900 system): day 25569 is 1970-01-01.
            let days = d.as_f64().floor() as i64 - 25_569;
            jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .map(|x| x.to_string())
                .unwrap_or_default()
        }
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in entries {
            out.start_file(*name, options).unwrap();
            std::io::Write::write_all(&mut out, body).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn an_archive_that_inflates_past_the_limit_is_refused_before_it_is_parsed() {
        // The same check as uploads get, with a limit of 1 MiB so the test's archive stays small.
        let big = vec![b' '; 1024 * 1024 + 1];
        let bomb = zip_of(&[("a.xml", b"<a/>"), ("xl/worksheets/sheet1.xml", &big)]);
        assert!(
            bomb.len() < 8 * 1024,
            "the archive is small: {} bytes",
            bomb.len()
        );
        assert_eq!(
            check_archive(&bomb, 1024 * 1024),
            Err(SheetError::TooLarge(SheetLimit::Unzipped))
        );
        let fits = zip_of(&[("xl/worksheets/sheet1.xml", &big[..1024 * 1024 - 4])]);
        assert_eq!(check_archive(&fits, 1024 * 1024), Ok(()));
    }

    #[test]
    fn a_csv_wider_than_the_limit_is_refused() {
        let line = vec!["x"; MAX_COLUMNS as usize + 1].join(",");
        assert_eq!(
            rows(line.as_bytes()),
            Err(SheetError::TooLarge(SheetLimit::Columns))
        );
        assert_eq!(
            rows(b"a,b\n1,2\n").unwrap(),
            vec![
                vec!["a".to_owned(), "b".to_owned()],
                vec!["1".to_owned(), "2".to_owned()]
            ]
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_unreadable() {
        assert_eq!(rows(&[0xff, 0xfe, 0x00]), Err(SheetError::Unreadable));
    }
}
