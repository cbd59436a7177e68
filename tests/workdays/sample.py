"""An invented 2027 schedule for tests (the real one is published by the State Council's office)."""

from datetime import date

SAMPLE_2027 = [
    (date(2027, 1, 1), "holiday", "元旦"),
    (date(2027, 1, 2), "holiday", "元旦"),
    (date(2027, 1, 3), "holiday", "元旦"),
    (date(2027, 2, 6), "holiday", "春节"),
    (date(2027, 2, 7), "holiday", "春节"),
    (date(2027, 2, 8), "holiday", "春节"),
    (date(2027, 2, 9), "holiday", "春节"),
    (date(2027, 2, 10), "holiday", "春节"),
    (date(2027, 2, 11), "holiday", "春节"),
    (date(2027, 2, 12), "holiday", "春节"),
    (date(2027, 2, 20), "workday", "春节调休"),
]

SAMPLE_2027_TEXT = """# 2027年部分节假日安排（测试用）
2027-01-01 休 元旦
2027-01-02 休 元旦
2027-01-03 休 元旦

2027-02-06 休 春节
2027-02-07 休 春节
2027-02-08 休 春节
2027-02-09 休 春节
2027-02-10 休 春节
2027-02-11 休 春节
2027-02-12 休 春节
2027-02-20 班 春节调休
"""
