// The CommonMark reference parser, from Debian's libcmark-dev (0.30.x).
#include <cmark.h>
