import LessonsCLI

Lessons.main()
