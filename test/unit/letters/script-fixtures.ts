import type { LetterBlock, LetterDocument } from '../../../src/letters/letter-document.js';

/**
 * Letters built directly as LetterDocuments, for the renderer: it knows nothing of cases or
 * translations, so these need no letter strings. The Arabic one mixes what Arabic letters hold:
 * a Latin name and reference, numbers, dates, amounts in pounds, brackets.
 */

const FACT_AR =
  'في كل يوم جمعة من تلك الفترة قال مدير المطبخ للسيد Łukasz Nowak إن الأجر سيُدفع في الأسبوع التالي، ولم يصل الأجر في أي أسبوع؛ وقد واصل العمل لأنه قيل له إن تركه العمل يعني خسارة كل ما يستحقه (160 ساعة على الأقل).';

export function arabicLetter(overrides: Partial<LetterDocument> = {}, facts = 1): LetterDocument {
  const factBlocks: LetterBlock[] = Array.from({ length: facts }, (_, index) => ({ type: 'paragraph', text: `${index + 1}. ${FACT_AR}` }));
  return {
    language: 'ar',
    createdAt: '2026-03-10T09:30:00Z',
    title: 'إنذار قبل رفع دعوى · LDN-2026-00042',
    author: 'Hospitality and Care Workers Union',
    letterhead: {
      union: 'نقابة عمال الضيافة والرعاية',
      contactPoint: 'نقطة اتصال العمال المهاجرين في لندن',
      addressLines: ['128 Example Road', 'London WC1X 8AB'],
      contactLines: ['هاتف +44 20 7946 0000', 'البريد الإلكتروني london@cp.example.org'],
    },
    marking: 'خاص وسري',
    recipient: ['Bright Star Hospitality Ltd', 'عناية: المدير العام', 'Unit 4, 17 Harbour Street', 'London E14 9XY'],
    date: { label: 'التاريخ', value: '10 مارس 2026' },
    references: [{ label: 'مرجعنا', value: 'LDN-2026-00042' }],
    subject: 'إنذار قبل رفع دعوى: الأجور المستحقة للسيد Łukasz Nowak',
    salutation: 'السيدات والسادة،',
    body: [
      {
        type: 'paragraph',
        text: 'نكتب إليكم نيابةً عن السيد Łukasz Nowak، الذي فوّض نقابة عمال الضيافة والرعاية في 2 مارس 2026 باسترداد الأجور التي تدينون له بها. هذه رسالة رسمية قبل رفع الدعوى.',
      },
      {
        type: 'section',
        heading: 'الوقائع',
        blocks: [
          { type: 'paragraph', text: 'كان الأجر المتفق عليه 12.21 جنيهًا إسترلينيًا للساعة مقابل 40 ساعة في الأسبوع، يُدفع أسبوعيًا.' },
          ...factBlocks,
          { type: 'list', items: ['رسائل جدول المناوبات من مدير المطبخ (12 صفحة)', 'كشوف الحساب المصرفي من سبتمبر 2025 إلى فبراير 2026'] },
        ],
      },
      {
        type: 'amounts',
        columns: { period: 'الفترة', description: 'البيان', amount: 'المبلغ (GBP)' },
        rows: [
          { period: '2–27 فبراير 2026', description: 'ساعات غير مدفوعة (160 ساعة بسعر 12.21 £)', amount: '£1,953.60' },
          { period: 'سبتمبر 2025 – فبراير 2026', description: 'أجر الإجازة غير المدفوع (14 يومًا)', amount: '£1,367.52' },
          { period: '5 سبتمبر 2025', description: 'خصم غير قانوني: «رسوم الزي الموحد»', amount: '£150.00' },
        ],
        total: { label: 'المجموع', value: '£3,471.12' },
      },
      {
        type: 'section',
        heading: 'الأساس القانوني (England and Wales)',
        blocks: [
          {
            type: 'paragraph',
            text: 'عدم دفع الأجور في موعدها خصمٌ غير قانوني من الأجر بموجب المادة 13 من قانون حقوق العمل لعام 1996 (Employment Rights Act 1996).',
          },
          { type: 'fields', rows: [{ label: 'آخر موعد للدفع', value: '24 مارس 2026' }, { label: 'المبلغ', value: '£3,471.12' }] },
        ],
      },
      { type: 'paragraph', text: 'يرجى دفع المبلغ الإجمالي وقدره £3,471.12 إلى السيد Łukasz Nowak في موعد أقصاه 24 مارس 2026.' },
    ],
    closing: 'مع فائق الاحترام،',
    signature: { name: 'أمينة أوكافور (Amina Okafor)', lines: ['مستشارة العمال المهاجرين', 'a.okafor@cp.example.org'] },
    enclosures: { heading: 'المرفقات', items: ['رسائل جدول المناوبات', 'كشوف الحساب المصرفي'] },
    footer: {
      text: 'نقابة عمال الضيافة والرعاية · نقطة اتصال العمال المهاجرين في لندن',
      continuation: 'مرجعنا LDN-2026-00042',
      pageLabel: 'الصفحة {page} من {pages}',
    },
    ...overrides,
  };
}

/** A short English letter whose body is `paragraphs`, for samples of other scripts and names. */
export function englishLetter(paragraphs: string[], overrides: Partial<LetterDocument> = {}): LetterDocument {
  return {
    language: 'en-GB',
    createdAt: '2026-03-10T09:30:00Z',
    title: 'Letter',
    author: 'Hospitality and Care Workers Union',
    letterhead: { union: 'Hospitality and Care Workers Union', contactPoint: 'London', addressLines: ['128 Example Road'], contactLines: [] },
    recipient: ['Bright Star Hospitality Ltd'],
    date: { label: 'Date', value: '10 March 2026' },
    references: [{ label: 'Our reference', value: 'LDN-2026-00042' }],
    subject: 'A letter',
    body: paragraphs.map((text) => ({ type: 'paragraph', text })),
    signature: { name: 'Amina Okafor', lines: [] },
    footer: { text: 'Hospitality and Care Workers Union', continuation: '', pageLabel: 'Page {page} of {pages}' },
    ...overrides,
  };
}
