from . import customer_lifecycle_move
