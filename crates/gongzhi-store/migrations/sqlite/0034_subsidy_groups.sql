-- Who a subsidy is for (issue 25, item 8): Beijing's meal subsidy is for 基本养老服务对象 — 低保, 特困, 低收入, 计生特殊
-- 家庭, disabled, aged 80+, living alone — not for every elder at home, and dates from 2022.
ALTER TABLE subsidy_rules ADD COLUMN groups TEXT NOT NULL DEFAULT '';
UPDATE subsidy_rules SET groups = 'dibao,tekun,low_income,special_family,disabled,aged_80,living_alone',
  effective_from = 20220101 WHERE code = 'bj-meal';
