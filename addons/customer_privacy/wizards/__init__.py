# Mass e-mails of the composer: the consent to marketing e-mail.
from . import mail_compose_message
