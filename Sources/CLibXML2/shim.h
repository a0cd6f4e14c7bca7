// Debian builds libxml2 with ICU; its ICU headers clash with Foundation's copy on clean builds,
// so ICU support is switched off for the headers we import (we never use it).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/parser.h>
