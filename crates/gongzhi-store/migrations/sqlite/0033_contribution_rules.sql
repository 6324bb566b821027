-- What a year's long-term-care contribution requires of each payer, per insurance category (issue 25, item 9): a
-- year counts as paid only when every required share is in and checked, the person's own share among them. The
-- demo district's figures (¥90 from the person and ¥90 from the employer or the government, ¥180 a year) follow the
-- pilot's usual split and were not confirmed from a primary source: a district enters its own.
CREATE TABLE ltc_contribution_rules (
    effective_year INTEGER NOT NULL,
    category       TEXT NOT NULL,
    payer          TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL,
    PRIMARY KEY (effective_year, category, payer)
);
INSERT INTO ltc_contribution_rules (effective_year, category, payer, amount_fen) VALUES
    (2024, 'employee', 'individual', 9000),
    (2024, 'employee', 'employer', 9000),
    (2024, 'resident', 'individual', 9000),
    (2024, 'resident', 'government', 9000);
