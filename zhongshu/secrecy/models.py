"""机要保密: the secrecy office's own ledgers. Each part keeps its models in models_<part>.py; they are all
imported here, where Django looks for an app's models.

- classification: 定密 decisions, changes, extensions and declassifications, and the yearly review;
- carriers (with inventory): the ledger of classified carriers, their movements, counts and copying;
- personnel: cleared posts and people, vetting, pledges, training, leaving and the cooling-off period;
- secondees: 跟班学习人员 before, during and after their secondment;
- publication: the pre-publication secrecy review (公开审查);
- inspection: the self-inspection against the risk checklists (保密自查) and its findings;
- duties: part-time secrecy administrators, secrecy meetings and knowledge tests.
"""

from zhongshu.secrecy.models_carriers import *  # noqa: F403
from zhongshu.secrecy.models_classification import *  # noqa: F403
from zhongshu.secrecy.models_duties import *  # noqa: F403
from zhongshu.secrecy.models_inspection import *  # noqa: F403
from zhongshu.secrecy.models_personnel import *  # noqa: F403
from zhongshu.secrecy.models_publication import *  # noqa: F403
from zhongshu.secrecy.models_secondees import *  # noqa: F403
