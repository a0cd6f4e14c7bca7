// Public headers only; Debian's internal headers under cmark-gfm/ are not API.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
