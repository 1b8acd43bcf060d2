// Many made-up farm stores for measuring the market (`npm run bench` seeds 5,000 into a database of
// its own): realistic Chinese (and some English) names, stories and products spread over the
// region list, with drafts, taken-down stores, hidden and unpriced products among them, as a real
// deployment would have. Deterministic: the same seed gives the same stores. Never run on a
// deployment's database (the CLI refuses one that already has stores).
import type { Kysely } from 'kysely';
import { listCountyGroups, listProvinces } from '../../regions';
import type { Database, NewProduct, NewStore } from '../db/schema';

export interface SeedOptions {
  stores: number;
  /** Seed of the random generator (default 1). */
  seed?: number;
  /** The newest updated_at; stores spread over the 180 days before it. */
  now?: Date;
}

export interface SeedReport {
  stores: number;
  live: number;
  products: number;
}

/** mulberry32: small, fast, good enough to spread test data. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Goods {
  name: string;
  category: string;
  unit: string;
  /** Typical price in fen. */
  price: number;
}

const GOODS: readonly Goods[] = [
  { name: '土蜂蜜', category: 'honey', unit: 'jar', price: 6800 },
  { name: '槐花蜜', category: 'honey', unit: 'bottle', price: 5800 },
  { name: '百花蜜', category: 'honey', unit: 'jar', price: 4800 },
  { name: '蜂王浆', category: 'honey', unit: 'bottle', price: 12000 },
  { name: '风干牦牛肉', category: 'meatEggs', unit: 'jin', price: 8000 },
  { name: '腊肉', category: 'meatEggs', unit: 'jin', price: 4500 },
  { name: '土鸡蛋', category: 'meatEggs', unit: 'box', price: 3800 },
  { name: '散养土鸡', category: 'meatEggs', unit: 'piece', price: 12800 },
  { name: '核桃', category: 'driedGoods', unit: 'jin', price: 2500 },
  { name: '板栗', category: 'driedGoods', unit: 'jin', price: 1200 },
  { name: '红枣', category: 'driedGoods', unit: 'jin', price: 1800 },
  { name: '枸杞', category: 'driedGoods', unit: 'jin', price: 4000 },
  { name: '黑木耳', category: 'driedGoods', unit: 'jin', price: 6000 },
  { name: '香菇', category: 'driedGoods', unit: 'jin', price: 3500 },
  { name: '普洱茶饼', category: 'tea', unit: 'piece', price: 16800 },
  { name: '高山绿茶', category: 'tea', unit: 'jin', price: 22000 },
  { name: '红茶', category: 'tea', unit: 'pack', price: 9800 },
  { name: '脐橙', category: 'fruit', unit: 'jin', price: 650 },
  { name: '猕猴桃', category: 'fruit', unit: 'box', price: 5800 },
  { name: '苹果', category: 'fruit', unit: 'jin', price: 600 },
  { name: '雪梨', category: 'fruit', unit: 'jin', price: 500 },
  { name: '大米', category: 'grain', unit: 'bag', price: 9900 },
  { name: '小米', category: 'grain', unit: 'jin', price: 800 },
  { name: '荞麦面', category: 'grain', unit: 'pack', price: 1500 },
  { name: '菜籽油', category: 'grain', unit: 'bottle', price: 8800 },
  { name: '土豆', category: 'vegetables', unit: 'jin', price: 300 },
  { name: '红薯', category: 'vegetables', unit: 'jin', price: 350 },
  { name: '干辣椒', category: 'vegetables', unit: 'jin', price: 2200 },
  { name: '花椒', category: 'vegetables', unit: 'jin', price: 9000 },
  { name: '酸菜', category: 'vegetables', unit: 'jar', price: 2500 },
  { name: '竹编篮', category: 'handicraft', unit: 'piece', price: 6800 },
  { name: '手工刺绣', category: 'handicraft', unit: 'piece', price: 19800 },
];

const ENGLISH_GOODS: readonly Goods[] = [
  { name: 'Wild mountain honey', category: 'honey', unit: 'jar', price: 6800 },
  { name: 'Dried yak beef', category: 'meatEggs', unit: 'jin', price: 8000 },
  { name: 'Walnuts', category: 'driedGoods', unit: 'jin', price: 2500 },
  { name: 'Green tea', category: 'tea', unit: 'pack', price: 9800 },
  { name: 'Navel oranges', category: 'fruit', unit: 'box', price: 5800 },
  { name: 'Hand-woven basket', category: 'handicraft', unit: 'piece', price: 6800 },
];

const QUALIFIERS = ['高山', '农家', '有机', '古法', '手工', '新鲜', '散养', '头茬', '野生', '正宗', '自家'];
const SURNAMES = ['陈', '李', '王', '张', '刘', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '胡', '朱', '郭', '何', '罗', '高', '林'];
const SHOP_WORDS = ['家', '农庄', '合作社', '果园', '蜂场', '茶园', '山货铺', '农场', '小院'];
const VILLAGE_WORDS = ['石门', '青山', '河口', '柳树', '白云', '桃花', '沙坝', '龙潭', '黄土', '东岭', '新民', '红岩'];
const STORY_SENTENCES = [
  '我们家在{village}村种地已经{years}年了。',
  '{good}是爷爷那一辈传下来的手艺，每年只做一季。',
  '山里空气好，水也干净，{good}长得慢但是味道足。',
  '全家{people}口人一起干活，孩子放假也回来帮忙。',
  '不打农药，不加防腐剂，吃着放心。',
  '以前只能拿到镇上的集市卖，现在想让城里人也尝一尝。',
  '收到货如果不满意，可以联系我们退换。',
  '欢迎来村里看看我们的{good}是怎么做出来的。',
  '合作社有{people}户人家，大家一起定价，一起发货。',
];
const DESCRIPTION_SENTENCES = [
  '{qualifier}{good}，自家出产。',
  '每{unit}都是当天现装，顺丰或邮政发货。',
  '口感{taste}，适合送礼也适合自家吃。',
  '量少，卖完要等明年。',
  '可以先买一{unit}尝尝。',
];
const TASTES = ['香甜', '醇厚', '清香', '软糯', '爽口', '地道'];

const UNIT_WORDS: Record<string, string> = { jin: '斤', kg: '公斤', box: '箱', piece: '个', bunch: '把', bottle: '瓶', bag: '袋', jar: '罐', pack: '包' };

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

const STORE_BATCH = 200;
const PRODUCT_BATCH = 500;

/**
 * Inserts `stores` made-up stores with their products, in batches inside transactions. About 90%
 * are live, 5% drafts, 5% taken down; 3% outside the region list; 1 in 10 write in English.
 */
export async function seedMarketStores(db: Kysely<Database>, options: SeedOptions): Promise<SeedReport> {
  const random = generator(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => {
    const item = list[Math.floor(random() * list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const now = (options.now ?? new Date()).getTime();
  const provinces = listProvinces().map((p) => ({ code: p.code, counties: listCountyGroups(p.code).flatMap((g) => g.counties.map((c) => c.code)) }));
  const report: SeedReport = { stores: 0, live: 0, products: 0 };

  for (let start = 0; start < options.stores; start += STORE_BATCH) {
    const stores: NewStore[] = [];
    const products: NewProduct[] = [];
    const end = Math.min(options.stores, start + STORE_BATCH);
    for (let i = start; i < end; i += 1) {
      const english = random() < 0.1;
      const goods = english ? ENGLISH_GOODS : GOODS;
      const main = pick(goods);
      const village = `${pick(VILLAGE_WORDS)}村`;
      const outside = random() < 0.03;
      const province = pick(provinces);
      const county = !outside && random() > 0.05 && province.counties.length > 0 ? pick(province.counties) : null;
      const updated = new Date(now - Math.floor(random() * 180 * 24 * 3600 * 1000)).toISOString();
      const state = random();
      const published = state < 0.95;
      const takenDown = state >= 0.9 && state < 0.95;
      const id = `bench${String(i).padStart(8, '0')}`;
      const name = english ? `${pick(['Green Hill', 'River Bend', 'Old Village', 'Mountain'])} ${main.name} Farm ${i}` : `${pick(SURNAMES)}${pick(SHOP_WORDS)}${main.name}${i}`;
      const story = english
        ? `Our family has farmed here for ${int(3, 40)} years. ${main.name} from the hills, picked and packed by hand.`
        : Array.from({ length: int(2, 6) }, () =>
            fill(pick(STORY_SENTENCES), { village: village.slice(0, -1), years: String(int(3, 40)), good: main.name, people: String(int(3, 30)) }),
          ).join('');
      stores.push({
        id,
        slug: `bench-${i}`,
        name,
        tagline: english ? `${main.name}, straight from the farm` : `${pick(QUALIFIERS)}${main.name}，产地直发`,
        story_json: null,
        story_text: story,
        province_code: outside ? null : province.code,
        county_code: county,
        village,
        region_other: outside ? pick(['Kathmandu', 'Chiang Mai', '境外', 'Almaty']) : '',
        phone: '13800000000',
        wechat: '',
        whatsapp: '',
        pickup_note: '',
        delivery_note: '',
        cover_photo_id: null,
        published_at: published ? updated : null,
        first_published_at: published ? updated : null,
        taken_down_at: takenDown ? updated : null,
        taken_down_reason: takenDown ? 'bench' : null,
        taken_down_by: null,
        version: 1,
        edit_version: 1,
        created_by: null,
        created_at: updated,
        updated_at: updated,
      });
      report.stores += 1;
      if (published && !takenDown) report.live += 1;
      const count = int(2, 8);
      for (let p = 0; p < count; p += 1) {
        const good = p === 0 ? main : pick(goods);
        const unit = UNIT_WORDS[good.unit] ?? '份';
        const description = english
          ? `${good.name}. Grown without chemicals, packed the day it ships.`
          : Array.from({ length: int(1, 4) }, () => fill(pick(DESCRIPTION_SENTENCES), { qualifier: pick(QUALIFIERS), good: good.name, unit, taste: pick(TASTES) })).join('');
        products.push({
          id: `${id}p${p}`,
          store_id: id,
          slug: `item-${p + 1}`,
          name: english || random() < 0.3 ? good.name : `${pick(QUALIFIERS)}${good.name}`,
          price_minor: random() < 0.05 ? null : Math.round((good.price * (0.7 + random() * 0.6)) / 10) * 10,
          currency: 'CNY',
          unit: good.unit,
          price_by_weight: good.unit === 'jin' && random() < 0.3 ? 1 : 0,
          availability: random() < 0.1 ? 'soldOut' : 'inStock',
          harvest_date: null,
          stock: null,
          category: good.category,
          description_json: null,
          description_text: description,
          position: p + 1,
          hidden: random() < 0.1 ? 1 : 0,
          version: 1,
          created_at: updated,
          updated_at: updated,
          updated_by: null,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('stores').values(stores).execute();
      for (let p = 0; p < products.length; p += PRODUCT_BATCH) {
        await trx.insertInto('products').values(products.slice(p, p + PRODUCT_BATCH)).execute();
      }
    });
    report.products += products.length;
  }
  return report;
}
