import { expect, test } from './fixtures';
import { saveFromPopup } from './page';

test('a new popup lists the last saves, newest first, with their links, and Clear empties the list', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  const links: string[] = [];
  for (const name of ['First recent', 'Second recent']) {
    const popup = await popupFor(page);
    await popup.getByLabel('Snapshot name').fill(name);
    const saved = await saveFromPopup(popup);
    const link = await saved.getByRole('link', { name: 'Open replay' }).getAttribute('href');
    expect(link).toMatch(/^https:\/\/app\.datadoghq\.[a-z]+\/rum\/replay\/sessions\//);
    links.push(link ?? '');
    await popup.close();
  }
  expect(sandbox.state().snapshots).toHaveLength(2);

  const popup = await popupFor(page);
  const recent = popup.getByRole('region', { name: 'Recent saves' });
  await recent.getByText('Recent saves').click();
  const items = recent.getByRole('listitem');
  await expect(items).toHaveCount(2);
  // Newest first, each with the provider and the link the popup offered when it was saved.
  for (const [index, name] of ['Second recent', 'First recent'].entries()) {
    const item = items.nth(index);
    await expect(item).toContainText(name);
    await expect(item).toContainText('Datadog');
    const link = item.getByRole('link', { name: 'Open in Datadog' });
    await expect(link).toHaveAttribute('href', links[1 - index] ?? '');
    await expect(link).toHaveAttribute('target', '_blank');
  }

  await recent.getByRole('button', { name: 'Clear' }).click();
  await expect(items).toHaveCount(0);
  await expect(recent).toContainText('No saves from this browser yet.');
  await popup.close();

  // Cleared for good: the next popup has nothing either.
  const next = await popupFor(page);
  const nextRecent = next.getByRole('region', { name: 'Recent saves' });
  await nextRecent.getByText('Recent saves').click();
  await expect(nextRecent).toContainText('No saves from this browser yet.');
});
