-- The discretion standard (行政处罚裁量基准, 行政处罚法 art. 34) of a delegated power: fine ranges by party kind and
-- grade of the circumstances, in the text form `gongzhi_domain::powers::parse_fines` reads; and the grade an
-- enforcement case's notice and decision apply (issue 24, item 9).
ALTER TABLE powers ADD COLUMN fines TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_cases ADD COLUMN grade TEXT;
