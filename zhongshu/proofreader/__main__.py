import sys

from zhongshu.proofreader.cli import main

sys.exit(main())
