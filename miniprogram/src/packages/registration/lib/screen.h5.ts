/** H5: browsers manage the screen themselves. */
export function keepScreenOn(): void {}
