// The training subpackage's pages (app.config.ts lists them; the server's links use mine and verify).
const root = '/packages/training';
export const TRAINING_ROUTES = {
  index: `${root}/index/index`,
  course: `${root}/course/index`,
  session: `${root}/session/index`,
  mine: `${root}/mine/index`,
  verify: `${root}/verify/index`,
  quiz: `${root}/quiz/index`,
  desk: `${root}/desk/index`,
  deskCourse: `${root}/desk/course/index`,
  courseForm: `${root}/desk/course-form/index`,
  courseQuiz: `${root}/desk/course-quiz/index`,
  sessionForm: `${root}/desk/session-form/index`,
  roster: `${root}/desk/roster/index`,
} as const;
