// A provider script that fails, quoting the password in its error: the driver must not repeat it.
export default async function failing(page, user) {
  await page.waitForSelector('#tile');
  throw new Error(`login as ${user?.username} with ${user?.password} was rejected`);
}
