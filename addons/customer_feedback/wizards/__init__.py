from . import customer_feedback_merge
