// The one catalogue of stable error codes. Each code has its HTTP status and a message a cashier
// understands, in Simplified Chinese and English. Codes never change meaning once published: clients
// (box office, gates, channel partners) branch on them.
import type { Locale } from './locale';

export type ErrorDefinition = {
  status: number;
  message: Record<Locale, string>;
};

export const errorCatalogue = {
  validation_failed: {
    status: 400,
    message: {
      'zh-CN': '提交的内容有误，请检查后重试。',
      en: 'Some of the input is not valid. Please check it and try again.',
    },
  },
  malformed_json: {
    status: 400,
    message: { 'zh-CN': '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  },
  unsupported_media_type: {
    status: 415,
    message: { 'zh-CN': '不支持的请求内容类型。', en: 'This content type is not supported.' },
  },
  payload_too_large: {
    status: 413,
    message: { 'zh-CN': '请求内容过大。', en: 'The request is too large.' },
  },
  route_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到请求的地址。', en: 'No such address.' },
  },
  not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该记录。', en: 'The record was not found.' },
  },
  idempotency_key_required: {
    status: 400,
    message: {
      'zh-CN': '此操作需要 Idempotency-Key 请求头，以防重复扣款。',
      en: 'This operation needs an Idempotency-Key header so it is never done twice.',
    },
  },
  idempotency_key_invalid: {
    status: 400,
    message: {
      'zh-CN': 'Idempotency-Key 格式不正确（1–200 个可见字符）。',
      en: 'The Idempotency-Key must be 1–200 visible characters.',
    },
  },
  idempotency_key_reused: {
    status: 409,
    message: {
      'zh-CN': '该 Idempotency-Key 已用于另一笔不同的请求。',
      en: 'This Idempotency-Key was already used for a different request.',
    },
  },
  idempotency_request_in_progress: {
    status: 409,
    message: {
      'zh-CN': '同一笔请求正在处理中，请稍后再查看结果，不要重复提交。',
      en: 'The same request is still being processed. Check again shortly; do not submit it again.',
    },
  },
  authentication_required: {
    status: 401,
    message: { 'zh-CN': '请先登录。', en: 'Please log in first.' },
  },
  session_expired: {
    status: 401,
    message: {
      'zh-CN': '登录已过期，请重新登录。',
      en: 'Your login has expired. Please log in again.',
    },
  },
  invalid_credentials: {
    status: 401,
    message: { 'zh-CN': '用户名或密码错误。', en: 'Wrong login name or password.' },
  },
  account_locked: {
    status: 423,
    message: {
      'zh-CN': '密码错误次数过多，账号已临时锁定，请稍后再试或联系管理员解锁。',
      en: 'Too many wrong passwords: the account is locked for a while. Try later or ask an administrator to unlock it.',
    },
  },
  account_disabled: {
    status: 403,
    message: {
      'zh-CN': '该账号已停用，请联系管理员。',
      en: 'This account is disabled. Please contact an administrator.',
    },
  },
  csrf_token_invalid: {
    status: 403,
    message: {
      'zh-CN': '页面已过期，请刷新后重试。',
      en: 'This page is out of date (security token missing). Please reload and try again.',
    },
  },
  permission_denied: {
    status: 403,
    message: { 'zh-CN': '您没有执行此操作的权限。', en: 'You do not have permission to do this.' },
  },
  password_change_required: {
    status: 403,
    message: {
      'zh-CN': '请先修改初始密码后再继续。',
      en: 'Please change your temporary password before continuing.',
    },
  },
  password_too_short: {
    status: 400,
    message: { 'zh-CN': '密码至少需要 10 个字符。', en: 'The password must be at least 10 characters long.' },
  },
  password_too_few_character_classes: {
    status: 400,
    message: {
      'zh-CN': '密码需包含大写字母、小写字母、数字、符号中的至少三类。',
      en: 'The password needs at least three of: upper-case letters, lower-case letters, digits, symbols.',
    },
  },
  password_contains_login_name: {
    status: 400,
    message: { 'zh-CN': '密码不能包含登录名。', en: 'The password must not contain the login name.' },
  },
  password_too_common: {
    status: 400,
    message: {
      'zh-CN': '该密码过于常见，容易被猜中，请换一个。',
      en: 'This password is too common and easily guessed. Please choose another.',
    },
  },
  password_unchanged: {
    status: 400,
    message: {
      'zh-CN': '新密码不能与当前密码相同。',
      en: 'The new password must differ from the current one.',
    },
  },
  current_password_incorrect: {
    status: 400,
    message: { 'zh-CN': '当前密码不正确。', en: 'The current password is not correct.' },
  },
  login_name_taken: {
    status: 409,
    message: { 'zh-CN': '该登录名已被使用。', en: 'This login name is already taken.' },
  },
  phone_invalid: {
    status: 400,
    message: {
      'zh-CN': '手机号格式不正确（应为 11 位中国大陆手机号）。',
      en: 'The phone number is not valid (11-digit mainland China mobile number expected).',
    },
  },
  user_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该用户。', en: 'No such user.' },
  },
  role_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该角色。', en: 'No such role.' },
  },
  site_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该场馆。', en: 'No such site.' },
  },
  cannot_change_own_roles: {
    status: 403,
    message: {
      'zh-CN': '不能修改自己的角色或自己所持有角色的权限。',
      en: 'You cannot change your own roles or the permissions of a role you hold.',
    },
  },
  grant_exceeds_own_permissions: {
    status: 403,
    message: {
      'zh-CN': '不能授予自己没有的权限。',
      en: 'You cannot grant a permission you do not hold yourself.',
    },
  },
  cannot_disable_self: {
    status: 409,
    message: { 'zh-CN': '不能停用自己的账号。', en: 'You cannot disable your own account.' },
  },
  role_code_taken: {
    status: 409,
    message: { 'zh-CN': '该角色代码已被使用。', en: 'This role code is already taken.' },
  },
  role_built_in: {
    status: 409,
    message: {
      'zh-CN': '内置角色随系统版本更新，不能修改；请复制为自定义角色。',
      en: 'Built-in roles follow the product version and cannot be edited; create a custom role instead.',
    },
  },
  role_in_use: {
    status: 409,
    message: {
      'zh-CN': '仍有用户持有该角色，不能删除。',
      en: 'Users still hold this role, so it cannot be deleted.',
    },
  },
  unknown_permission: {
    status: 400,
    message: { 'zh-CN': '包含未知的权限。', en: 'The request names an unknown permission.' },
  },
  price_negative: {
    status: 400,
    message: { 'zh-CN': '价格不能为负数。', en: 'A price cannot be negative.' },
  },
  sale_window_end_before_start: {
    status: 400,
    message: { 'zh-CN': '销售结束时间必须晚于开始时间。', en: 'The sale window must end after it starts.' },
  },
  max_per_order_below_min: {
    status: 400,
    message: {
      'zh-CN': '每单最多数量不能小于最少数量。',
      en: 'The maximum per order cannot be below the minimum.',
    },
  },
  per_order_limit_invalid: {
    status: 400,
    message: {
      'zh-CN': '每单数量限制不正确（最少为 1）。',
      en: 'The per-order limits are not valid (at least 1).',
    },
  },
  validity_invalid: {
    status: 400,
    message: { 'zh-CN': '有效期设置不正确。', en: 'The validity is not valid.' },
  },
  entries_invalid: {
    status: 400,
    message: { 'zh-CN': '入园次数设置不正确。', en: 'The number of entries is not valid.' },
  },
  channels_empty: {
    status: 400,
    message: { 'zh-CN': '请至少选择一个销售渠道。', en: 'Choose at least one sales channel.' },
  },
  release_time_invalid: {
    status: 400,
    message: { 'zh-CN': '放票时间设置不正确。', en: 'The release time is not valid.' },
  },
  fee_invalid: {
    status: 400,
    message: {
      'zh-CN': '手续费设置不正确（百分比 0–100%，金额不能为负）。',
      en: 'The fee is not valid (0–100 %, or a non-negative amount).',
    },
  },
  age_range_invalid: {
    status: 400,
    message: {
      'zh-CN': '适用年龄范围无效：最小年龄不能大于最大年龄。',
      en: 'The age range is not valid: the minimum age is above the maximum.',
    },
  },
  combo_shares_invalid: {
    status: 400,
    message: {
      'zh-CN': '联票各部分的分账比例之和必须为 100%。',
      en: 'The revenue shares of a combo ticket must add up to 100 %.',
    },
  },
  unknown_time_zone: {
    status: 400,
    message: {
      'zh-CN': '未知的时区，请使用如 Asia/Shanghai 的 IANA 时区名称。',
      en: 'Unknown time zone: use an IANA name such as Asia/Shanghai.',
    },
  },
  capacity_invalid: {
    status: 400,
    message: { 'zh-CN': '库存数量不正确。', en: 'The capacity is not valid.' },
  },
  capacity_below_sold: {
    status: 409,
    message: {
      'zh-CN': '库存不能少于已售和预留的数量。',
      en: 'The capacity cannot be less than what is already sold and held.',
    },
  },
  schedule_invalid: {
    status: 400,
    message: { 'zh-CN': '场次生成规则不正确。', en: 'The session schedule is not valid.' },
  },
  sessions_would_duplicate: {
    status: 409,
    message: {
      'zh-CN': '部分场次已存在，不能重复生成。',
      en: 'Some of these sessions already exist; they would be created twice.',
    },
  },
  price_versions_overlap: {
    status: 409,
    message: {
      'zh-CN': '价格版本的生效日期与已有版本重叠。',
      en: 'The effective dates overlap another price version.',
    },
  },
  price_rule_duplicate: {
    status: 400,
    message: {
      'zh-CN': '同一票种、日期类型、季节和渠道只能有一个价格。',
      en: 'Only one price per ticket type, day type, season and channel.',
    },
  },
  holiday_csv_invalid: {
    status: 400,
    message: { 'zh-CN': '节假日文件格式不正确。', en: 'The holiday file is not in the expected format.' },
  },
  site_code_taken: {
    status: 409,
    message: { 'zh-CN': '该场馆代码已被使用。', en: 'This site code is already taken.' },
  },
  gate_code_taken: {
    status: 409,
    message: { 'zh-CN': '该检票口代码已被使用。', en: 'This gate code is already taken.' },
  },
  product_code_taken: {
    status: 409,
    message: { 'zh-CN': '该票种代码已被使用。', en: 'This ticket type code is already taken.' },
  },
  gate_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该检票口。', en: 'No such gate.' },
  },
  product_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该票种。', en: 'No such ticket type.' },
  },
  session_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该场次。', en: 'No such session.' },
  },
  price_version_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该价格版本。', en: 'No such price version.' },
  },
  session_cancelled: {
    status: 409,
    message: {
      'zh-CN': '该场次已取消，不能再开放销售。',
      en: 'This session is cancelled and cannot be reopened.',
    },
  },
  sold_out: {
    status: 409,
    message: {
      'zh-CN': '余票不足，该场次或当日票已售完。',
      en: 'Sold out: not enough places left for this session or day.',
    },
  },
  session_closed: {
    status: 409,
    message: { 'zh-CN': '该场次已停止售票。', en: 'This session is closed for sale.' },
  },
  session_required: {
    status: 400,
    message: { 'zh-CN': '请选择场次。', en: 'Choose a session.' },
  },
  product_not_in_session: {
    status: 422,
    message: { 'zh-CN': '该票种不在此场次销售。', en: 'This ticket type is not sold for this session.' },
  },
  product_not_on_sale: {
    status: 422,
    message: {
      'zh-CN': '该票种当前不在此渠道销售。',
      en: 'This ticket type is not on sale on this channel.',
    },
  },
  sale_window_not_open: {
    status: 422,
    message: { 'zh-CN': '该票种尚未开售。', en: 'This ticket type is not on sale yet.' },
  },
  sale_window_closed: {
    status: 422,
    message: { 'zh-CN': '该票种已停止销售。', en: 'Sales of this ticket type have ended.' },
  },
  under_per_order_minimum: {
    status: 422,
    message: { 'zh-CN': '购票数量低于每单最少张数。', en: 'Fewer tickets than the minimum per order.' },
  },
  over_per_order_maximum: {
    status: 422,
    message: { 'zh-CN': '购票数量超过每单限购张数。', en: 'More tickets than allowed in one order.' },
  },
  real_name_required: {
    status: 422,
    message: { 'zh-CN': '实名票须逐张登记游客证件。', en: 'Real-name tickets need each visitor’s document.' },
  },
  id_number_invalid: {
    status: 422,
    message: { 'zh-CN': '证件号码有误，请核对。', en: 'The document number is not valid. Please check it.' },
  },
  id_number_duplicate: {
    status: 422,
    message: {
      'zh-CN': '同一订单中证件号码重复。',
      en: 'The same document number appears twice in this order.',
    },
  },
  discount_document_required: {
    status: 422,
    message: {
      'zh-CN': '优惠或免费票须登记所验证件。',
      en: 'Discounted and free tickets need the document that was checked.',
    },
  },
  approval_required: {
    status: 403,
    message: {
      'zh-CN': '此操作须由有审批权限的主管确认。',
      en: 'A supervisor who may approve must confirm this.',
    },
  },
  approval_invalid: {
    status: 403,
    message: {
      'zh-CN': '审批人账号或密码错误，或无审批权限。',
      en: 'The approver’s login or password is wrong, or they may not approve.',
    },
  },
  payment_amount_mismatch: {
    status: 422,
    message: { 'zh-CN': '收款金额与应收金额不符。', en: 'The payments do not add up to the amount due.' },
  },
  cash_tendered_insufficient: {
    status: 422,
    message: { 'zh-CN': '实收现金不足。', en: 'The cash received is less than the amount due.' },
  },
  payment_methods_invalid: {
    status: 422,
    message: {
      'zh-CN': '支付方式组合无效（每种方式最多一笔）。',
      en: 'These payment methods cannot be combined (one of each at most).',
    },
  },
  payment_declined: {
    status: 402,
    message: {
      'zh-CN': '支付未成功，请换一种方式支付。',
      en: 'The payment did not go through. Please try another way to pay.',
    },
  },
  payment_provider_unavailable: {
    status: 503,
    message: {
      'zh-CN': '支付通道暂时不可用，请稍后重试或改用其他方式。',
      en: 'The payment service is unavailable. Try again or use another way to pay.',
    },
  },
  payment_not_pending: {
    status: 409,
    message: { 'zh-CN': '该笔支付已完成处理。', en: 'This payment has already been settled.' },
  },
  order_hold_expired: {
    status: 409,
    message: {
      'zh-CN': '订单保留时间已过，座位/名额已释放，请重新下单。',
      en: 'The time to pay for this order has run out and its places were released. Please order again.',
    },
  },
  agency_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该旅行社。', en: 'The agency was not found.' },
  },
  agency_inactive: {
    status: 422,
    message: { 'zh-CN': '该旅行社账户已停用。', en: 'This agency account is disabled.' },
  },
  agency_code_taken: {
    status: 409,
    message: { 'zh-CN': '旅行社编号已存在。', en: 'An agency with this code already exists.' },
  },
  agency_credit_exceeded: {
    status: 402,
    message: {
      'zh-CN': '旅行社挂账额度不足。',
      en: 'The agency’s balance and credit limit do not cover this order.',
    },
  },
  guide_required: {
    status: 422,
    message: {
      'zh-CN': '团队挂账须登记导游姓名和导游证号。',
      en: 'Group sales on account need the guide’s name and licence number.',
    },
  },
  order_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该订单。', en: 'The order was not found.' },
  },
  ticket_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该门票。', en: 'The ticket was not found.' },
  },
  order_not_printable: {
    status: 409,
    message: {
      'zh-CN': '订单未支付，不能打印门票。',
      en: 'The order is not paid; its tickets cannot be printed.',
    },
  },
  shift_required: {
    status: 409,
    message: {
      'zh-CN': '请先开班（售票和现金退款都记入本班次）。',
      en: 'Open a shift first: sales and cash refunds go into your shift.',
    },
  },
  shift_already_open: {
    status: 409,
    message: { 'zh-CN': '您在本场馆已有未交班的班次。', en: 'You already have an open shift at this site.' },
  },
  shift_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该班次。', en: 'The shift was not found.' },
  },
  shift_not_open: {
    status: 409,
    message: { 'zh-CN': '该班次已交班。', en: 'This shift is already closed.' },
  },
  shift_not_closed: {
    status: 409,
    message: {
      'zh-CN': '该班次尚未交班或已确认。',
      en: 'This shift is not closed, or is already confirmed.',
    },
  },
  shift_difference_reason_required: {
    status: 422,
    message: { 'zh-CN': '现金有长短款，请填写原因。', en: 'The cash is over or short: give the reason.' },
  },
  ticket_already_used: {
    status: 409,
    message: {
      'zh-CN': '该票已检票使用，不能退改。',
      en: 'This ticket has been used; it cannot be refunded or changed.',
    },
  },
  ticket_not_refundable: {
    status: 409,
    message: {
      'zh-CN': '该票当前状态不能退票。',
      en: 'This ticket cannot be refunded in its current state.',
    },
  },
  refund_not_allowed: {
    status: 422,
    message: { 'zh-CN': '该票种不允许退票。', en: 'This ticket type cannot be refunded.' },
  },
  refund_window_closed: {
    status: 422,
    message: { 'zh-CN': '已过退票时限。', en: 'The time to refund this ticket has passed.' },
  },
  rebook_not_allowed: {
    status: 422,
    message: { 'zh-CN': '该票种不允许改签。', en: 'This ticket type cannot be rebooked.' },
  },
  rebook_window_closed: {
    status: 422,
    message: { 'zh-CN': '已过改签时限。', en: 'The time to rebook this ticket has passed.' },
  },
  refund_approval_required: {
    status: 403,
    message: {
      'zh-CN': '退款金额超过限额，须主管审批。',
      en: 'Refunds above the limit need a supervisor’s approval.',
    },
  },
  refund_exceeds_payments: {
    status: 409,
    message: {
      'zh-CN': '退款金额超过订单可退金额。',
      en: 'The refund is more than the order can give back.',
    },
  },
  device_registration_invalid: {
    status: 400,
    message: {
      'zh-CN': '设备注册码无效或已过期，请在管理端重新生成。',
      en: 'The registration code is not valid or has expired. Make a new one in the admin screen.',
    },
  },
  device_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该设备。', en: 'The device was not found.' },
  },
  device_revoked: {
    status: 401,
    message: {
      'zh-CN': '该设备已停用，请联系管理员。',
      en: 'This device has been revoked. Ask an administrator.',
    },
  },
  authorization_expired: {
    status: 409,
    message: {
      'zh-CN': '闸机授权已过期，请重新刷票。',
      en: 'The turnstile authorization has expired. Scan again.',
    },
  },
  api_key_invalid: {
    status: 401,
    message: {
      'zh-CN': 'API 密钥缺失、错误或已吊销。',
      en: 'The API key is missing, wrong or revoked.',
    },
  },
  channel_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该渠道。', en: 'No such channel.' },
  },
  channel_code_taken: {
    status: 409,
    message: { 'zh-CN': '该渠道代码已被使用。', en: 'This channel code is already in use.' },
  },
  product_not_offered: {
    status: 422,
    message: {
      'zh-CN': '该渠道没有这个票种的结算价，不能通过接口销售。',
      en: 'This channel has no agreed price for this ticket type and cannot sell it.',
    },
  },
  channel_account_missing: {
    status: 422,
    message: {
      'zh-CN': '该渠道在此场馆没有挂账账户，请联系场馆开通后再下单。',
      en: 'This channel has no account at this site to draw orders on; ask the site to set one up.',
    },
  },
  external_reference_taken: {
    status: 409,
    message: {
      'zh-CN': '该渠道订单号已下过单，请查询原订单。',
      en: 'An order with this partner reference already exists; look it up instead.',
    },
  },
  allocation_exists: {
    status: 409,
    message: {
      'zh-CN': '该渠道在这一场次（或这一天）已有预留库存。',
      en: 'This channel already has an allocation for this session or day.',
    },
  },
  allocation_room_short: {
    status: 409,
    message: {
      'zh-CN': '剩余可售名额不足，不能预留这么多。',
      en: 'Not enough places left to reserve that many.',
    },
  },
  allocation_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该预留库存。', en: 'No such allocation.' },
  },
  shop_not_open: {
    status: 404,
    message: {
      'zh-CN': '该场馆暂未开放网上售票。',
      en: 'This site does not sell tickets online.',
    },
  },
  shop_id_limit_reached: {
    status: 409,
    message: {
      'zh-CN': '该证件当天的预约数量已达上限。',
      en: 'This ID document has reached the booking limit for that day.',
    },
  },
  shop_phone_limit_reached: {
    status: 409,
    message: {
      'zh-CN': '该手机号当天的预约次数已达上限。',
      en: 'This phone number has reached the booking limit for that day.',
    },
  },
  shop_no_show_blocked: {
    status: 403,
    message: {
      'zh-CN': '因多次预约未到场，暂时不能预约，请在限制结束后再试。',
      en: 'Bookings are suspended after repeated no-shows. Please try again when the suspension ends.',
    },
  },
  shop_cancel_deadline_passed: {
    status: 409,
    message: {
      'zh-CN': '已过取消截止时间，不能再取消预约。',
      en: 'The cancellation deadline has passed.',
    },
  },
  shop_rebook_needs_counter: {
    status: 409,
    message: {
      'zh-CN': '改签后票价不同，请到售票窗口办理。',
      en: 'The new tickets cost a different amount. Please rebook at the box office.',
    },
  },
  lookup_code_invalid: {
    status: 400,
    message: {
      'zh-CN': '验证码不正确或已过期，请重新获取。',
      en: 'The code is wrong or has expired. Please request a new one.',
    },
  },
  rate_limited: {
    status: 429,
    message: {
      'zh-CN': '操作过于频繁，请稍后再试。',
      en: 'Too many requests. Please wait a moment and try again.',
    },
  },
  service_unavailable: {
    status: 503,
    message: {
      'zh-CN': '系统暂时不可用，请稍后再试。',
      en: 'The system is temporarily unavailable. Please try again shortly.',
    },
  },
  internal_error: {
    status: 500,
    message: {
      'zh-CN': '系统内部错误，请联系管理员并提供请求编号。',
      en: 'Something went wrong on our side. Please contact the administrator with the request id.',
    },
  },
  // Tour groups (团队预订与团队检票).
  group_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该团队，请核对团队码。', en: 'No group has this code. Please check it.' },
  },
  group_code_invalid: {
    status: 422,
    message: {
      'zh-CN': '团队码有误（G 加 8 位数字），请核对后重输。',
      en: 'This is not a group code (G and 8 digits). Please check it and type it again.',
    },
  },
  group_not_today: {
    status: 409,
    message: {
      'zh-CN': '该团队预订的不是今天，不能在今天检票。',
      en: 'This group is booked for another day and cannot be admitted today.',
    },
  },
  group_already_admitted: {
    status: 409,
    message: { 'zh-CN': '该团队已经检票入园。', en: 'This group has already been admitted.' },
  },
  group_closed: {
    status: 409,
    message: {
      'zh-CN': '该团队已结束或已取消，不能检票。',
      en: 'This group is closed or cancelled and cannot be admitted.',
    },
  },
  head_count_invalid: {
    status: 422,
    message: {
      'zh-CN': '请输入实到人数（至少 1 人）。',
      en: 'Enter the number of people present (at least 1).',
    },
  },
  head_count_too_high: {
    status: 422,
    message: {
      'zh-CN': '实到人数超过该团队有效门票数。',
      en: 'The head count is more than the group’s valid tickets.',
    },
  },
  group_list_invalid: {
    status: 422,
    message: {
      'zh-CN': '名单不能使用（缺少列、没有人员或没有导游），请按模板修改后重新上传。',
      en: 'The name list cannot be used (a missing column, nobody on it, or no guide). Please fix it and upload it again.',
    },
  },
  group_list_has_errors: {
    status: 422,
    message: {
      'zh-CN': '名单中有错误的行；请修改，或确认只预订正确的行。',
      en: 'Some rows of the list have errors. Fix them, or confirm to book only the correct rows.',
    },
  },
  group_file_unreadable: {
    status: 400,
    message: {
      'zh-CN': '无法读取名单文件，请上传模板格式的 Excel（.xlsx）或 CSV 文件。',
      en: 'The name list cannot be read. Please upload the template as Excel (.xlsx) or CSV.',
    },
  },
  group_rule_missing: {
    status: 422,
    message: {
      'zh-CN': '该场馆没有设置团队票规则，暂不能预订团队。',
      en: 'This site has no group ticket rule, so groups cannot be booked.',
    },
  },
  group_capacity_reached: {
    status: 409,
    message: {
      'zh-CN': '园内人数将超过瞬时最大承载量，请让团队稍候再检票。',
      en: 'Admitting the group would exceed the site’s instantaneous maximum. Please let it wait a little.',
    },
  },
  agency_user_not_linked: {
    status: 403,
    message: {
      'zh-CN': '您的账号未关联旅行社，请联系管理员。',
      en: 'Your login is not linked to a travel agency. Please ask an administrator.',
    },
  },
  agency_user_other_site: {
    status: 409,
    message: {
      'zh-CN': '该账号在本景区没有角色，或已关联其他景区的旅行社，不能关联到本旅行社。',
      en: 'This login has no role at this site or is linked to an agency of another site, so it cannot be linked here.',
    },
  },
  // Reconciliation (对账): importing a provider's statement, resolving its discrepancies, saved mappings.
  reconciliation_file_too_large: {
    status: 413,
    message: {
      'zh-CN': '对账单文件过大（压缩包不超过 8 MB，解压后不超过 64 MB）。请按天下载后分别导入。',
      en: 'The statement file is too large (at most 8 MB, 64 MB unzipped). Download it day by day and import each day.',
    },
  },
  reconciliation_file_unreadable: {
    status: 422,
    message: {
      'zh-CN':
        '无法读取对账单文件。请上传从支付宝或微信支付下载的原始文件（CSV 或 ZIP），或其他渠道的 CSV 文件。',
      en: 'The statement file cannot be read. Upload the file as downloaded from Alipay or WeChat Pay (CSV or ZIP), or another provider’s CSV.',
    },
  },
  reconciliation_format_unknown: {
    status: 422,
    message: {
      'zh-CN': '无法识别对账单格式。请选择“支付宝”“微信支付”，或选择“自定义 CSV”并设置各列的对应关系。',
      en: 'The statement’s format is not recognised. Choose Alipay or WeChat Pay, or a custom CSV with its columns mapped.',
    },
  },
  reconciliation_statement_invalid: {
    status: 422,
    message: {
      'zh-CN': '对账单不完整或缺少必需的列（详见说明），未导入。请重新下载原始对账单，或检查列的对应关系。',
      en: 'The statement is incomplete or lacks a column it needs (see the details), so nothing was imported. Download it again, or check the column mapping.',
    },
  },
  reconciliation_too_many_lines: {
    status: 422,
    message: {
      'zh-CN': '对账单的交易行过多（每次最多 100000 行）。请按天分别下载导入。',
      en: 'The statement has too many lines (at most 100,000 at a time). Import it day by day.',
    },
  },
  reconciliation_mapping_invalid: {
    status: 422,
    message: {
      'zh-CN': '列对应关系有误：须指定金额列和至少一个单号列，列名须与文件表头一致。',
      en: 'The column mapping is not usable: it needs the amount column and at least one reference column, named as in the file’s header.',
    },
  },
  reconciliation_mapping_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该列对应方案。', en: 'The saved column mapping was not found.' },
  },
  reconciliation_mapping_name_taken: {
    status: 409,
    message: {
      'zh-CN': '本场馆已有同名的列对应方案，请换一个名称。',
      en: 'This site already has a column mapping with this name. Please choose another name.',
    },
  },
  reconciliation_provider_required: {
    status: 422,
    message: {
      'zh-CN': '自定义 CSV 对账单须注明是哪个支付渠道的（如 alipay、wechat、simulator）。',
      en: 'A custom CSV statement needs the payment provider it comes from (such as alipay, wechat or simulator).',
    },
  },
  reconciliation_period_invalid: {
    status: 422,
    message: {
      'zh-CN': '对账期间有误：开始日期不能晚于结束日期，且最长 31 天。',
      en: 'The period is not valid: it cannot end before it starts and is at most 31 days.',
    },
  },
  reconciliation_period_unknown: {
    status: 422,
    message: {
      'zh-CN': '无法从对账单确定对账期间（没有可读的交易时间），请填写开始和结束日期。',
      en: 'The statement’s period cannot be told from the file (no readable times). Please enter its first and last day.',
    },
  },
  reconciliation_already_imported: {
    status: 409,
    message: {
      'zh-CN': '这个对账单文件已经导入过（见原对账记录）。如确需再次导入，请选择“仍然导入”。',
      en: 'This statement file was already imported (see that run). To import it again anyway, choose “Import anyway”.',
    },
  },
  reconciliation_run_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该对账记录。', en: 'The reconciliation run was not found.' },
  },
  reconciliation_item_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该对账条目。', en: 'The reconciliation item was not found.' },
  },
  reconciliation_item_matched: {
    status: 409,
    message: {
      'zh-CN': '该条目双方一致，无需处理。',
      en: 'This item agrees on both sides; there is nothing to resolve.',
    },
  },
  reconciliation_item_already_resolved: {
    status: 409,
    message: {
      'zh-CN': '该差异已经处理过（可能是其他同事刚刚处理），请刷新查看。',
      en: 'This discrepancy has already been resolved (perhaps by a colleague just now). Please refresh.',
    },
  },
  reconciliation_note_required: {
    status: 422,
    message: {
      'zh-CN': '请填写处理说明：查到了什么、做了什么。',
      en: 'Please write a note: what was found and what was done.',
    },
  },
  reconciliation_adjustment_required: {
    status: 422,
    message: {
      'zh-CN': '选择“已调账”时，须填写对应的日结调整记录。',
      en: 'A resolution by adjustment needs the settlement adjustment that was made.',
    },
  },
  reconciliation_adjustment_invalid: {
    status: 422,
    message: {
      'zh-CN': '找不到该日结调整记录，或它不属于本场馆，或已关联到其他差异。',
      en: 'The settlement adjustment was not found, belongs to another site, or is tied to another discrepancy.',
    },
  },
  // Finance: settlement and vouchers (日结、调整、会计科目、凭证).
  settlement_day_not_over: {
    status: 409,
    message: {
      'zh-CN': '该营业日尚未结束，结束后才能日结。',
      en: 'This business day is not over yet. It can be settled once it has ended.',
    },
  },
  settlement_shifts_not_confirmed: {
    status: 409,
    message: {
      'zh-CN': '该营业日还有未确认的班次，请先在“交班审核”中确认后再日结。',
      en: 'Some shifts of this day are not confirmed yet. Confirm them in the shift review, then settle the day.',
    },
  },
  settlement_already_confirmed: {
    status: 409,
    message: {
      'zh-CN': '该营业日已经日结，日结后不能更改；如需更正，请登记调整。',
      en: 'This day is already settled and can no longer change. To correct it, record an adjustment.',
    },
  },
  settlement_not_confirmed: {
    status: 409,
    message: {
      'zh-CN': '该营业日尚未日结。',
      en: 'This business day has not been settled yet.',
    },
  },
  settlement_day_locked: {
    status: 409,
    message: {
      'zh-CN': '该营业日已日结，当天的班次不能再更改；如需更正，请登记调整。',
      en: 'This business day is settled, so its shifts can no longer change. To correct it, record an adjustment.',
    },
  },
  settlement_changed: {
    status: 409,
    message: {
      'zh-CN': '该营业日的记录与日结时不一致，不能生成凭证，请联系管理员核查。',
      en: 'The records of this day no longer match its settlement, so no vouchers can be made. Please ask the administrator to check.',
    },
  },
  finance_day_inconsistent: {
    status: 409,
    message: {
      'zh-CN': '该营业日的收款、退款记录对不上，不能结算，请联系管理员核查。',
      en: 'The payments and refunds of this day do not add up, so it cannot be settled. Please ask the administrator to check.',
    },
  },
  adjustment_agency_required: {
    status: 422,
    message: {
      'zh-CN': '挂账的调整须选择旅行社；其他收款方式不选旅行社。',
      en: 'An adjustment on account needs its agency; other payment methods take none.',
    },
  },
  chart_of_accounts_missing: {
    status: 409,
    message: {
      'zh-CN': '该景区尚未设置会计科目，请先在“会计科目”中设置。',
      en: 'This site has no chart of accounts yet. Set it up under Chart of accounts first.',
    },
  },
  chart_of_accounts_invalid: {
    status: 422,
    message: {
      'zh-CN': '会计科目设置不完整或有误，请检查标出的科目。',
      en: 'The chart of accounts is incomplete or has an invalid entry. Check the account marked.',
    },
  },
  vouchers_not_found: {
    status: 404,
    message: {
      'zh-CN': '所选日期内没有凭证，请先生成凭证。',
      en: 'There are no vouchers in these dates. Generate them first.',
    },
  },
  vouchers_already_exported: {
    status: 409,
    message: {
      'zh-CN': '所选日期内有凭证已经导出过。如确需再次导出，请勾选“重新导出”并确认。',
      en: 'Some vouchers in these dates were exported before. To export them again, tick Export again and confirm.',
    },
  },
  finance_date_range_invalid: {
    status: 422,
    message: {
      'zh-CN': '日期范围有误：开始日期不能晚于结束日期，最长 366 天。',
      en: 'The dates are not valid: the start cannot be after the end, and the range is at most 366 days.',
    },
  },
  // Reports (报表): report dates, and the daily summary e-mail's recipients.
  report_range_invalid: {
    status: 400,
    message: {
      'zh-CN': '报表日期有误：开始日期不能晚于结束日期，且一次最多查询 1100 天。',
      en: 'The report’s dates are not valid: the start cannot be after the end, and a report covers at most 1,100 days.',
    },
  },
  daily_summary_recipient_duplicate: {
    status: 400,
    message: {
      'zh-CN': '日报收件人中有重复的邮箱地址，请删除重复项。',
      en: 'An e-mail address appears twice among the daily summary’s recipients. Remove the duplicate.',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}

export function errorStatus(code: ErrorCode): number {
  return errorCatalogue[code].status;
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorCatalogue[code].message[locale];
}

/**
 * A failure the caller can act on. Services throw it; the server's one error handler turns it into
 * `{ error: { code, message, details } }` with the catalogue's status and the caller's language.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(
      errorCatalogue[code].message.en,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return errorStatus(this.code);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
