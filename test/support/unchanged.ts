// A refused write writes nothing: read the record, make the refused requests, read it again.
export async function expectUnchanged(read: () => Promise<unknown>, refused: () => Promise<void>): Promise<void> {
  const before = await read();
  await refused();
  expect(await read()).toEqual(before);
}
