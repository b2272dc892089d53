// H5: the browser's file chooser (PDF or pictures); Taro.uploadFile reads the blob: URL it is given.
export interface PickedFile { path: string; name: string }

export function pickFiles(max: number): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'application/pdf,image/jpeg,image/png,image/webp';
    input.multiple = max > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, max);
      input.remove();
      resolve(files.map((f) => ({ path: URL.createObjectURL(f), name: f.name })));
    });
    // A closed chooser without a choice: nothing (browsers that send "cancel").
    input.addEventListener('cancel', () => { input.remove(); resolve([]); });
    document.body.appendChild(input);
    input.click();
  });
}
