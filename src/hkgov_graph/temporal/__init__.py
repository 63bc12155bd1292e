"""Time: partial dates at the precision the sources give, and what "as of a
date" means for the things they date."""
