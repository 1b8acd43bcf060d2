// Two published demo stores — a yak-beef household on the Sichuan grasslands and an orange
// cooperative in southern Jiangxi — with products, photos and a few order requests. Photos are
// painted and processed before the seed transaction; the rows go in inside it.
import type { Kysely } from 'kysely';
import type { Database, NewOrderRequest, NewProduct, NewStore, NewStorePhoto } from '../db/schema';
import { newId, sha256Hex } from '../ids';
import { deletePhotoFiles, storePhoto, type StoredPhoto } from '../photos';
import { docToPlainText, parseRichText, type RichTextDoc, type RichTextNode } from '../richtext';
import type { ObjectStorage } from '../storage/storage';
import { getStorage } from '../storage/storage';
import { paintDemoPicture, type DemoPicture } from './demo-photos';
import { insertOrderRequest } from './order.repository';
import { insertPhoto, insertProduct } from './product.repository';
import { slugFromName } from './slug';
import { insertMember, insertStore, recordSlug } from './store.repository';

interface DemoProduct {
  name: string;
  priceMinor: number;
  unit: string;
  byWeight?: boolean;
  category: string;
  availability?: 'inStock' | 'soldOut' | 'preorder';
  /** Days from today, for pre-orders. */
  harvestInDays?: number;
  stock?: number;
  hidden?: boolean;
  pictures: DemoPicture[];
  description: RichTextNode[];
}

interface DemoStore {
  name: string;
  owner: string;
  members: string[];
  tagline: string;
  provinceCode: string;
  countyCode: string;
  village: string;
  phone: string;
  wechat: string;
  whatsapp: string;
  pickup: string;
  delivery: string;
  cover: DemoPicture;
  story: RichTextNode[];
  products: DemoProduct[];
  orders: { buyer: string; contact: string; product: number | null; quantity: string; note: string; fulfilment: 'pickup' | 'delivery'; hoursAgo: number; state: 'new' | 'read' | 'handled' }[];
}

const p = (...content: RichTextNode[]): RichTextNode => ({ type: 'paragraph', content });
const text = (value: string): RichTextNode => ({ type: 'text', text: value });
const bold = (value: string): RichTextNode => ({ type: 'text', text: value, marks: [{ type: 'bold' }] });
const bullets = (...items: string[]): RichTextNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [p(text(item))] })),
});

export const DEMO_STORES: DemoStore[] = [
  {
    name: '陈家牦牛肉',
    owner: '13800138001',
    members: ['maria'],
    tagline: '山风吹干的牦牛肉，从红原草原到你家',
    provinceCode: '510000',
    countyCode: '513233',
    village: '瓦切镇',
    phone: '13800138001',
    wechat: 'chen_dashan_yak',
    whatsapp: '',
    pickup: '每周六上午在红原县城农贸市场，门口第三个摊位。',
    delivery: '顺丰快递：四川省内每单 12 元，省外 18 元。夏天加冰袋。',
    cover: 'mountainCover',
    story: [
      p(text('我们家在红原县瓦切镇放牦牛，已经是第三代了。牦牛夏天在海拔 3,500 米的草场上吃草，冬天回到山脚。')),
      p(text('每年入冬，我们把牛肉切成条，挂在屋檐下，让山风慢慢吹干。')),
      p(bold('不加色素，不加防腐剂，'), text('只用盐和花椒。')),
    ],
    products: [
      {
        name: '风干牦牛肉',
        priceMinor: 8000,
        unit: 'jin',
        category: 'driedGoods',
        stock: 40,
        pictures: ['yakBeef'],
        description: [
          p(bold('手撕风干，越嚼越香。'), text('每年 11 月宰杀，自然风干 40 天。')),
          bullets('原料：牦牛后腿肉、盐、花椒', '保存：阴凉干燥处 6 个月', '每斤约 20 条'),
        ],
      },
      {
        name: '高山野蜂蜜',
        priceMinor: 6800,
        unit: 'bottle',
        category: 'honey',
        stock: 25,
        pictures: ['honey'],
        description: [p(text('草原上的野花蜜，每瓶 500 克。冬天会结晶，是正常的，温水化开就好。'))],
      },
      {
        name: '青稞',
        priceMinor: 650,
        unit: 'jin',
        byWeight: true,
        category: 'grain',
        availability: 'preorder',
        harvestInDays: 60,
        pictures: ['barley'],
        description: [p(text('自家地里种的青稞，秋收后晒干。可以磨粉做糌粑，也可以煮粥。按实际重量算钱。'))],
      },
    ],
    orders: [
      { buyer: '王先生', contact: '13912345678', product: 0, quantity: '3 斤', note: '寄成都，周五前能到吗？', fulfilment: 'delivery', hoursAgo: 3, state: 'new' },
      { buyer: 'Anna', contact: 'anna_travel', product: 1, quantity: '2 bottles', note: '', fulfilment: 'pickup', hoursAgo: 30, state: 'read' },
    ],
  },
  {
    name: '寻乌脐橙合作社',
    owner: '13800138002',
    members: ['13800138003'],
    tagline: '二十户果农一起种的赣南脐橙，树上熟透才摘',
    provinceCode: '360000',
    countyCode: '360734',
    village: '澄江镇',
    phone: '13800138002',
    wechat: 'xunwu_orange_coop',
    whatsapp: '',
    pickup: '合作社仓库：澄江镇果园路 8 号，每天 8:00–18:00。',
    delivery: '中通快递，全国包邮（新疆、西藏除外）。坏果包赔。',
    cover: 'orchardCover',
    story: [
      p(text('我们是寻乌县澄江镇的 20 户果农，2019 年一起成立了合作社。大家统一用农家肥、统一分级、统一发货。')),
      p(bold('每个果子都在树上长满 11 个月，'), text('11 月中旬才开始摘。')),
    ],
    products: [
      {
        name: '赣南脐橙',
        priceMinor: 650,
        unit: 'jin',
        byWeight: true,
        category: 'fruit',
        pictures: ['oranges', 'oranges'],
        description: [
          p(bold('皮薄、肉脆、汁多。'), text('果径 75–85 毫米，按斤称重，称好后告诉您总价。')),
          bullets('甜度 13 度以上', '当天摘当天发', '收到坏果拍照，照价赔'),
        ],
      },
      {
        name: '脐橙礼盒（10 斤）',
        priceMinor: 8800,
        unit: 'box',
        category: 'fruit',
        stock: 120,
        pictures: ['orangeBox'],
        description: [p(text('精选大果，一盒 10 斤，适合送人。'))],
      },
      {
        name: '橙花蜂蜜',
        priceMinor: 5800,
        unit: 'bottle',
        category: 'honey',
        availability: 'soldOut',
        pictures: ['orangeHoney'],
        description: [p(text('春天橙花开的时候收的蜜，有淡淡的橙花香。今年的已经卖完，明年四月再有。'))],
      },
      {
        name: '橙皮干',
        priceMinor: 1500,
        unit: 'bag',
        category: 'driedGoods',
        hidden: true,
        pictures: [],
        description: [p(text('还在试做，先不上架。'))],
      },
    ],
    orders: [
      { buyer: '李女士', contact: 'wechat: lily_gz', product: 1, quantity: '2 箱', note: '送广州天河区，请提前打电话。', fulfilment: 'delivery', hoursAgo: 2, state: 'new' },
      { buyer: '张阿姨', contact: '13612340000', product: 0, quantity: '20 斤', note: '', fulfilment: 'pickup', hoursAgo: 26, state: 'read' },
      { buyer: 'Tom', contact: '+44 7700 900123', product: null, quantity: '', note: 'Do you ship to Hong Kong?', fulfilment: 'delivery', hoursAgo: 72, state: 'handled' },
    ],
  },
];

function doc(content: RichTextNode[]): RichTextDoc {
  const parsed = parseRichText({ type: 'doc', content });
  if (!parsed.ok) throw new Error(`demo rich text does not fit the editor's schema: ${parsed.error.message}`);
  return parsed.doc;
}

export interface PreparedDemoStores {
  insert(db: Kysely<Database>, userIds: ReadonlyMap<string, string>): Promise<{ stores: number; products: number; orders: number }>;
  /** Removes the stored photo files again (when the seed transaction failed). */
  discard(): Promise<void>;
}

/** Paints and stores every demo photo (slow, outside any transaction); the rows are inserted later. */
export async function prepareDemoStores(storage: ObjectStorage = getStorage()): Promise<PreparedDemoStores> {
  const stored: StoredPhoto[] = [];
  const photoFor = new Map<string, StoredPhoto>();
  const tasks: { label: string; picture: DemoPicture }[] = [];
  for (const [s, store] of DEMO_STORES.entries()) {
    tasks.push({ label: `${s}:cover`, picture: store.cover });
    for (const [i, product] of store.products.entries()) {
      for (const [k, picture] of product.pictures.entries()) tasks.push({ label: `${s}:${i}:${k}`, picture });
    }
  }
  // Painted one after another (plain JavaScript), encoded and processed in parallel by sharp's
  // thread pool (the photo library limits how many run at once).
  const results = await Promise.allSettled(
    tasks.map(async ({ label, picture }, index) => {
      const result = await storePhoto(await paintDemoPicture(picture, 7 * (index + 1)), storage);
      if (!result.ok) throw new Error(`demo photo ${label} was refused: ${result.error.message}`);
      stored.push(result.photo);
      photoFor.set(label, result.photo);
    }),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await deletePhotoFiles(stored.flatMap((photo) => photo.variants.map((v) => v.key)), storage);
    throw failure.reason;
  }

  return {
    async discard() {
      await deletePhotoFiles(stored.flatMap((photo) => photo.variants.map((v) => v.key)), storage);
    },
    async insert(db, userIds) {
      const now = new Date();
      const iso = now.toISOString();
      let products = 0;
      let orders = 0;
      const userId = (login: string): string => {
        const id = userIds.get(login);
        if (!id) throw new Error(`demo store member ${login} is not a demo user`);
        return id;
      };
      for (const [s, demo] of DEMO_STORES.entries()) {
        const storeId = newId();
        const owner = userId(demo.owner);
        const cover = photoFor.get(`${s}:cover`);
        const coverId = newId();
        const story = doc(demo.story);
        const store: NewStore = {
          id: storeId,
          slug: slugFromName(demo.name),
          name: demo.name,
          tagline: demo.tagline,
          story_json: JSON.stringify(story),
          story_text: docToPlainText(story),
          province_code: demo.provinceCode,
          county_code: demo.countyCode,
          village: demo.village,
          region_other: '',
          phone: demo.phone,
          wechat: demo.wechat,
          whatsapp: demo.whatsapp,
          pickup_note: demo.pickup,
          delivery_note: demo.delivery,
          cover_photo_id: cover ? coverId : null,
          published_at: iso,
          first_published_at: iso,
          taken_down_at: null,
          taken_down_reason: null,
          taken_down_by: null,
          version: 1,
          edit_version: 1,
          created_by: owner,
          created_at: iso,
          updated_at: iso,
        };
        await insertStore(db, store);
        await recordSlug(db, storeId, store.slug, iso);
        await insertMember(db, { id: newId(), storeId, userId: owner, role: 'owner', now: iso });
        for (const member of demo.members) await insertMember(db, { id: newId(), storeId, userId: userId(member), role: 'member', now: iso });
        const photoRow = (photo: StoredPhoto, productId: string | null, position: number, id = newId()): NewStorePhoto => ({
          id,
          store_id: storeId,
          product_id: productId,
          uploaded_by: owner,
          storage_key: photo.key,
          variants: JSON.stringify(photo.variants),
          width: photo.width,
          height: photo.height,
          bytes: photo.bytes,
          alt: '',
          position,
          created_at: iso,
        });
        if (cover) await insertPhoto(db, photoRow(cover, null, 0, coverId));
        const productIds: string[] = [];
        for (const [i, demoProduct] of demo.products.entries()) {
          const description = doc(demoProduct.description);
          const harvest = demoProduct.harvestInDays === undefined ? null : new Date(now.getTime() + demoProduct.harvestInDays * 86_400_000).toISOString().slice(0, 10);
          const product: NewProduct = {
            id: newId(),
            store_id: storeId,
            slug: slugFromName(demoProduct.name),
            name: demoProduct.name,
            price_minor: demoProduct.priceMinor,
            currency: 'CNY',
            unit: demoProduct.unit,
            price_by_weight: demoProduct.byWeight ? 1 : 0,
            availability: demoProduct.availability ?? 'inStock',
            harvest_date: harvest,
            stock: demoProduct.stock ?? null,
            category: demoProduct.category,
            description_json: JSON.stringify(description),
            description_text: docToPlainText(description),
            position: i + 1,
            hidden: demoProduct.hidden ? 1 : 0,
            version: 1,
            created_at: iso,
            updated_at: iso,
            updated_by: owner,
          };
          await insertProduct(db, product);
          productIds.push(product.id);
          products += 1;
          for (const k of demoProduct.pictures.keys()) {
            const photo = photoFor.get(`${s}:${i}:${k}`);
            if (photo) await insertPhoto(db, photoRow(photo, product.id, k + 1));
          }
        }
        for (const order of demo.orders) {
          const created = new Date(now.getTime() - order.hoursAgo * 3_600_000).toISOString();
          const productIndex = order.product;
          const row: NewOrderRequest = {
            id: newId(),
            store_id: storeId,
            product_id: productIndex === null ? null : (productIds[productIndex] ?? null),
            product_name: productIndex === null ? '' : (demo.products[productIndex]?.name ?? ''),
            buyer_name: order.buyer,
            buyer_contact: order.contact,
            quantity: order.quantity,
            note: order.note,
            fulfilment: order.fulfilment,
            locale: /[a-z]/i.test(order.buyer) ? 'en' : 'zh-CN',
            // Demo requests count against no real sender's rate limit.
            client_hash: sha256Hex(`demo:${storeId}:${order.buyer}`),
            created_at: created,
            read_at: order.state === 'new' ? null : created,
            handled_at: order.state === 'handled' ? created : null,
            handled_by: order.state === 'handled' ? owner : null,
          };
          await insertOrderRequest(db, row);
          orders += 1;
        }
      }
      return { stores: DEMO_STORES.length, products, orders };
    },
  };
}
