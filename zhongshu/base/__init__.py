"""The foundation's shared vocabulary: leaf modules every app may import and that import nothing of the project.

`levels`: classification levels of records and clearance levels of people (保守国家秘密法).
`roles`: business roles, the three administrators (三员) and their powers.

They sit below `access`, `accounts`, `audit` and `org`, which all speak of them, so those four can import one
another in one direction only (accounts → org → access → audit; see docs/architecture.md).
"""
