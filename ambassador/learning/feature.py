"""The learner's flow: my training, reading, quiz tries, results and history."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, NavItem
from ambassador.learning import personal
from ambassador.learning.views import bp
from ambassador.org.access import everyone

FEATURE = Feature(
    name="learning",
    blueprints=(bp,),
    nav=(NavItem("learning.mine", _l("My training"), everyone, 90),),
    export=personal.export,
)
