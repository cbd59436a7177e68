import pytest
from django.db import models

from zhongshu.core.errors import InvalidTransition
from zhongshu.core.states import TransitionTable


class Lamp(models.TextChoices):
    OFF = "off", "关闭"
    ON = "on", "开启"


class Switch(models.TextChoices):
    TURN_ON = "turn_on", "打开"
    TURN_OFF = "turn_off", "关上"


MACHINE = TransitionTable(
    "灯",
    "lamp_invalid_transition",
    Lamp,
    Switch,
    {(Lamp.OFF, Switch.TURN_ON): Lamp.ON, (Lamp.ON, Switch.TURN_OFF): Lamp.OFF},
)


def test_a_listed_action_gives_the_next_state():
    assert MACHINE.next(Lamp.OFF, Switch.TURN_ON) == Lamp.ON
    assert MACHINE.allowed_actions(Lamp.ON) == [Switch.TURN_OFF]


def test_an_action_out_of_order_names_the_state_and_the_action():
    with pytest.raises(InvalidTransition) as caught:
        MACHINE.next(Lamp.ON, Switch.TURN_ON)
    assert caught.value.message == "灯开启，不能打开"
    assert caught.value.code == "lamp_invalid_transition"
