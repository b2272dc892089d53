// H5: no map picker from the web portal; the owner may type the coordinates (optional).
export const canPickLocation = false;

export async function pickLocation(): Promise<{ lat: number; lng: number } | null> {
  return null;
}
