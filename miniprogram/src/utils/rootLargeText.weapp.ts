/** WeChat draws the tab bar and title bar natively, in the user's system font size: nothing to do. */
export function applyRootLargeText(_on: boolean): void {}
