// Simplified Chinese, the default language. The English file must have exactly the same keys
// (the type below enforces it at compile time and locales.test.ts at test time).
export const zhCN = {
  app: {
    product: 'Admit',
    subtitle: '票务平台',
    documentTitle: 'Admit · 票务平台',
    skipToContent: '跳到主要内容',
  },
  locale: {
    switchLabel: 'English',
    switchHint: '切换为英文界面（快捷键 Alt+L）',
  },
  status: {
    title: '系统状态',
    version: '版本',
    databaseEngine: '数据库',
    engine: {
      embedded: '内置数据库（PGlite，单机）',
      postgresql: 'PostgreSQL 服务器',
    },
    readiness: '就绪状态',
    ready: '就绪',
    notReady: '未就绪',
    database: '数据库连接',
    databaseOk: '正常',
    databaseUnreachable: '无法连接',
    migrations: '数据库迁移',
    migrationsCurrent: '已是最新',
    migrationsPending: '有待执行的迁移',
    migrationsUnknown: '未知',
    pendingMigrations: '待执行的迁移',
    loading: '正在读取…',
    loadFailed: '无法读取服务器状态',
    retry: '重试',
  },
  areas: {
    title: '功能模块',
    comingSoon: '即将推出',
    boxOffice: { title: '售票', description: '窗口售票、出票、退票、改签与交班。' },
    gate: { title: '检票', description: '检票口与闸机核销，支持离线检票。' },
    catalog: { title: '票务配置', description: '场馆、票种、价格、场次与库存。' },
    orders: { title: '订单', description: '订单查询、补打与退改记录。' },
    finance: { title: '财务', description: '日结、对账、凭证与发票。' },
    reports: { title: '报表', description: '销售、入园与客流统计。' },
    admin: { title: '系统管理', description: '用户、角色权限、设备与系统设置。' },
  },
  links: {
    title: '开发者',
    apiDocs: 'API 文档',
    apiDocsHint: 'OpenAPI 接口说明，供渠道与集成使用。',
  },
  notFound: {
    title: '页面不存在',
    description: '您访问的页面不存在或尚未开放。',
    backHome: '返回首页',
  },
  errors: {
    network: '无法连接到服务器，请检查网络。',
    unexpected: '服务器返回了无法识别的响应。',
  },
};

/** The shape every locale must have: the same nested keys, all strings. */
export type Messages = typeof zhCN;
