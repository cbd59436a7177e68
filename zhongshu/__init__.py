"""中枢 Zhongshu: the open platform for a general office.

This top-level module stays free of Django imports so that pure-Python packages inside it
(such as the proofreader) can be used as plain libraries.
"""

__version__ = "0.1.0"
