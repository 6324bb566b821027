-- What long-term-care insurance pays for, as data with the month it takes effect (issue 25, item 10): the fund pays
-- for basic daily-living care and the closely related medical care (医保发〔2020〕37号 《关于扩大长期护理保险制度试点的
-- 指导意见》); household cleaning (助洁) and escorting to hospital (助医) are civil-affairs home-care services with their
-- own subsidy, not the fund's.
CREATE TABLE ltc_services (
    effective_from INTEGER NOT NULL,
    service        TEXT NOT NULL,
    PRIMARY KEY (effective_from, service)
);
INSERT INTO ltc_services (effective_from, service) VALUES
    (202401, 'disability_aid'),
    (202401, 'bathing'),
    (202401, 'day_care'),
    (202401, 'health_guidance');
