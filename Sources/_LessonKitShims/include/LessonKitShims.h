#ifndef LESSONKIT_SHIMS_H
#define LESSONKIT_SHIMS_H

/// Makes C stdio's standard output line-buffered, so that a lesson that
/// crashes has still written every line it printed. (C's `stdout` is a global
/// variable that Swift 6 cannot touch without a data-race diagnostic.)
void lessonkit_line_buffer_stdout(void);

#endif
