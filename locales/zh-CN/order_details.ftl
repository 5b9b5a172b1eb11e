# civic-bot — 订单的上门还是到站、地址、时段、为谁点单、电话代点。每个键在 locales/en/order_details.ftl 中也必须存在。

## 上门还是到站
order-ask-visit = 志愿者上门，还是您到站里来？
order-visit-home = 🏠 上门
order-visit-station = 🏢 到站
order-ask-address = 请输入门牌（如：3号楼2单元301），或点下面按钮发送位置。不需要可以点“跳过”。
order-hint-address = 请输入门牌，或发送位置，或点“跳过”。

## 时段
order-ask-day-part = 哪个时段方便？也可以输入时间，如“下午3点”或“15:30”。
order-part-morning = 上午
order-part-afternoon = 下午
order-part-evening = 晚上
order-hint-time = 没看懂这个时间。请点上午、下午或晚上，或输入如“下午3点”、“15:30”。

## 为谁点单
order-ask-whom = 这次服务是为谁点的？
order-whom-me = 🙋 为我自己
order-whom-other = 👵 为家人或邻居
order-ask-beneficiary-name = 请输入对方的姓名（如：王秀英）。
order-ask-beneficiary-relation = 对方是您的什么人？点按钮，或直接输入。
order-hint-relation = 请点一个按钮，或输入关系（如：舅舅）。
whom-relation-parent = 父母
whom-relation-spouse = 配偶
whom-relation-relative = 亲戚
whom-relation-neighbour = 邻居
order-ask-beneficiary-phone = 请输入对方的手机号，志愿者会联系对方。不知道可以点“跳过”。
order-change-visit = 上门/到站
order-change-whom = 为谁
order-change-beneficiary-name = 居民信息
order-for-me = 为：您本人
order-for-other = 为：{ $name }（{ $relation }），电话 { $phone }
order-for-other-no-phone = 为：{ $name }（{ $relation }）
refused-order-for-whom = 电话代点需要填写居民的姓名。

## 用居民的话说：谁、什么时候、在哪里
visit-line = { $who } { $day } { $part } { $where }
visit-line-plain = { $who } { $day } { $where }
visit-who-volunteer = 志愿者
visit-day-today = 今天 { $date }
visit-day-tomorrow = 明天 { $date }
visit-day-after = 后天 { $date }
visit-day-on = { $date }
visit-at-time = { $time }
visit-home = 上门
visit-home-address = 上门，地址：{ $address }
visit-home-pinned = 上门，按您发送的位置
visit-station = 到站：{ $place }
visit-place = 到 { $place }
visit-for = 服务对象：{ $name }（{ $relation }），电话 { $phone }

## 告诉服务对象
beneficiary-told = 您好！{ $orderer } 为您点了服务：订单 #{ $id }（{ $service }）。
    { $visit }
    有问题可以联系 { $orderer }。

beneficiary-accepted = 有志愿者接下了为您点的订单 #{ $id }（{ $service }）：
    { $visit }
## 电话代点（协调员）
order-for-usage = 用法：/order for —— 替打电话来的居民点单（只限协调员）。
order-for-start = 电话代点：按居民说的一步步选择，最后填写居民的姓名、关系和电话。
order-placed-for = 已为 { $name } 提交订单 #{ $id }。接单后会通知您{ $told ->
        [yes] ，也会通知居民本人
       *[no] {""}
    }。
order-card-entered-by = 电话代点：协调员 { $coordinator }
order-card-visit = 上门信息：{ $visit }

## /mydata
mydata-order-visit = 　上门信息：{ $value }

## 志愿者的上门地址（出发提醒、/tasks）
visit-task-address = 门牌：{ $address }
visit-task-pin = 位置：{ $lat }, { $lon }（居民发送的位置）
