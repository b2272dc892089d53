// Tabs stay in the main package (WeChat requires it); every domain is a subpackage so the main package
// stays small and each feature can grow up to the 2 MB per-package limit.
// Pages beyond each subpackage's index/index; one line per feature so parallel work merges cleanly.
const SUBPACKAGE_PAGES: Record<string, string[]> = {
  registration: ['form/index', 'detail/index', 'certificate/index', 'phone/index'],
  staff: ['registrations/index', 'registration/index', 'tipoffs/index', 'tipoff/index', 'tipoff-rewards/index', 'tasks/index', 'inspect/index', 'inspection/index', 'sample/index', 'penalty/index', 'dashboard/index', 'draws/index', 'repairs/index', 'self-checks/index', 'web-signin/index', 'invite/index', 'negative-list/index', 'accounts/index', 'calendar/index', 'audit/index'],
  tipoff: ['form/index', 'track/index'],
  training: ['course/index', 'session/index', 'mine/index', 'verify/index', 'quiz/index', 'desk/index', 'desk/course/index', 'desk/course-form/index', 'desk/course-quiz/index', 'desk/session-form/index', 'desk/roster/index'],
  programs: ['detail/index', 'apply/index', 'mine/index', 'notice/index', 'awards/index', 'gallery/index', 'story/index', 'story-edit/index', 'desk/index', 'desk/program-form/index', 'desk/applications/index', 'desk/application/index', 'desk/flagged/index'],
  credit: ['verify/index', 'workshop/index', 'black/index', 'mine/index', 'draws/index', 'draws/detail/index'],
};
const subPackage = (name: string) => ({ root: `packages/${name}`, pages: ['index/index', ...(SUBPACKAGE_PAGES[name] ?? [])] });

export default defineAppConfig({
  pages: ['pages/home/index', 'pages/search/index', 'pages/report/index', 'pages/mine/index', 'pages/login/index', 'pages/not-found/index'],
  subPackages: ['registration', 'training', 'programs', 'tipoff', 'credit', 'staff', 'messages'].map(subPackage),
  // Fetch the likely next subpackages while the user looks at a tab.
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['packages/registration', 'packages/training'] },
    'pages/report/index': { network: 'all', packages: ['packages/tipoff'] },
  },
  // The registration form's optional map point (packages/registration/lib/location.weapp.ts).
  requiredPrivateInfos: ['chooseLocation', 'getLocation'],
  permission: { 'scope.userLocation': { desc: '用于在登记申请中标注作坊位置、在举报时标注举报地点（可不授权，手动填写地址）' } },
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f3f5f9',
    navigationBarBackgroundColor: '#1a56db',
    navigationBarTitleText: '食品小作坊服务',
    navigationBarTextStyle: 'white',
    // Explicit so the H5 build draws its title bar with a back button too (hidden unless 'default').
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#4b5563',
    selectedColor: '#1a56db',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/search/index', text: '查询', iconPath: 'assets/tab/search.png', selectedIconPath: 'assets/tab/search-on.png' },
      { pagePath: 'pages/report/index', text: '举报', iconPath: 'assets/tab/report.png', selectedIconPath: 'assets/tab/report-on.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-on.png' },
    ],
  },
});
