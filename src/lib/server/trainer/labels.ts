// Words for a store's logged changes (store_edits.action), in the reader's language.
import { trainer as trainerMessages, translator, type Locale } from '../../i18n';

const ACTION_KEYS = {
  'store.create': 'actStoreCreate',
  'store.edit': 'actStoreEdit',
  'store.slug': 'actStoreSlug',
  'store.publish': 'actStorePublish',
  'store.unpublish': 'actStoreUnpublish',
  'product.create': 'actProductCreate',
  'product.edit': 'actProductEdit',
  'product.move': 'actProductMove',
  'product.hide': 'actProductHide',
  'product.show': 'actProductShow',
  'product.delete': 'actProductDelete',
  'photo.add': 'actPhotoAdd',
  'photo.delete': 'actPhotoDelete',
  'photo.move': 'actPhotoMove',
  'link.create': 'actLinkCreate',
  'link.edit': 'actLinkEdit',
  'link.archive': 'actLinkArchive',
  'link.restore': 'actLinkRestore',
} as const;

function isKnown(action: string): action is keyof typeof ACTION_KEYS {
  return action in ACTION_KEYS;
}

/** "changed a product: 风干牦牛肉" — the product's name when there is one. */
export function editActionLabel(locale: Locale, action: string, product: string | null): string {
  const t = translator(trainerMessages, locale);
  const label = t(isKnown(action) ? ACTION_KEYS[action] : 'actOther');
  return product ? `${label}: ${product}` : label;
}
