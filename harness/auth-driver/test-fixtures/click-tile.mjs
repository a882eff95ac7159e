// A provider script as a provider would write one: operate the bank's own widget, then let the page hand back.
export default async function connect(page, user) {
  if (user === undefined) throw new Error('this script needs the test user');
  await page.click('#tile');
}
