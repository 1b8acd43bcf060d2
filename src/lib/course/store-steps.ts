// Which lesson the storefront builder suggests before each of its steps (a suggestion, never a
// lock). The builder asks passedLessonSlugs(db, userId) and, when the slug is missing, shows a link
// to the lesson. A unit test checks that every slug here is a lesson.
export const STORE_STEP_LESSONS = {
  chooseProducts: 'choose-what-to-sell',
  setPrices: 'costs-prices-profit',
  addPhotos: 'product-photos',
  writeDescription: 'product-descriptions',
  packaging: 'grading-packaging-branding',
  openShop: 'open-your-shop',
  payments: 'payments-and-scams',
  shipping: 'shipping',
  shareQrCode: 'qr-codes',
} as const;

export type StoreStep = keyof typeof STORE_STEP_LESSONS;
