#include "LessonKitShims.h"
#include <stdio.h>

void lessonkit_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
