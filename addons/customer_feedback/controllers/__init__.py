from . import portal
from . import mail
from . import rating
from . import survey
