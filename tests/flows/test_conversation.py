"""Conversations as people really have them: wrong kinds of answers, changing their
mind, switching language halfway, coming back after a day."""

from __future__ import annotations

from tests.harness import ChatHarness, HarnessUser


async def _to_details(resident: HarnessUser) -> None:
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.expect("要说明")


async def test_a_sticker_or_photo_where_text_is_expected_gets_a_hint(chat: ChatHarness) -> None:
    resident = chat.sb.user(800010, "孙阿姨", "zh-CN")
    await _to_details(resident)
    await resident.send_sticker()
    hint = await resident.next_message()
    assert "请输入文字" in (hint.text or "") and "要说明" in (hint.text or "")
    await resident.send("请带上围布")
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    when = await resident.expect("什么时候")
    await resident.send_photo()
    again = await resident.next_message()
    assert "没看懂这个日期" in (again.text or "") and again.buttons
    await resident.send("不是日期")
    assert "没看懂这个日期" in ((await resident.next_message()).text or "")
    await resident.press(when, "明天")  # the earlier question's buttons still work
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.expect("联系电话")


async def test_a_document_where_text_is_expected_gets_the_hint_and_a_voice_note_answers(
    chat: ChatHarness,
) -> None:
    """Voice notes are read as such (file id and caption): the order's free-text steps
    take one as their answer (`conversations.flows.voice`); a document is still
    "other" and gets the step's hint."""
    resident = chat.sb.user(800012, "钱奶奶", "zh-CN")
    await _to_details(resident)
    await resident.send_document(b"%PDF-1.4", "说明.pdf", "application/pdf")
    hint = await resident.next_message()
    assert "请输入文字" in (hint.text or "") and "要说明" in (hint.text or "")
    await resident.send_voice(b"OggS" + bytes(64), duration=3, caption="理发")
    await resident.expect("在哪里提供服务")


async def test_cancel_mid_flow_stops_and_old_buttons_are_dead(chat: ChatHarness) -> None:
    resident = chat.sb.user(800011, "周大叔", "zh-CN")
    await resident.command("start", "site_11")
    await resident.command("order")
    question = await resident.expect("哪一类服务")
    await resident.command("cancel")
    cancelled = await resident.expect("已取消点单")
    assert cancelled.removed_keyboard
    await resident.press(question, "乡风文明")
    toast = await resident.next_answer()
    assert "之前的步骤" in (toast.text or "")
    assert await chat.app.router.services.desk.for_resident(resident.id) == []


async def test_language_switch_mid_flow_asks_again_in_english(chat: ChatHarness) -> None:
    resident = chat.sb.user(800012, "Lucy", "zh-CN")
    await _to_details(resident)
    await resident.command("lang")
    await resident.press(await resident.expect("请选择语言"), "English")
    await resident.expect("Language set to English")
    again = await resident.expect("Anything the volunteer should know")
    await resident.press(again, "Skip")
    await resident.send("🏠 Daqiao Community Practice Station")
    await resident.press(await resident.expect("come to your home"), "🏢 At the station")
    await resident.press(await resident.expect("When would suit you"), "Tomorrow")
    await resident.press(await resident.expect("part of the day"), "Morning")
    await resident.press(await resident.expect("Who is this service for"), "🙋 For me")
    await resident.send("13900001111")
    await resident.press(await resident.expect("for this order only"), "This order only")
    summary = await resident.expect("Please confirm your order")
    assert "Free haircuts for the elderly" in (summary.text or "")
    await resident.press(summary, "✅ Confirm")
    await resident.expect("placed")


async def test_back_and_change_revisit_answers(chat: ChatHarness) -> None:
    resident = chat.sb.user(800013, "吴奶奶", "zh-CN")
    await _to_details(resident)
    await resident.press(None, "⬅ 上一步")  # on the details question just shown
    await resident.press(await resident.expect("具体服务"), "关爱老人上门探访")
    await resident.press(await resident.expect("要说明"), "跳过")
    await resident.send("📋 从列表选择")
    await resident.press(await resident.expect("请选择镇"), "城关镇新时代文明实践所")
    await resident.press(await resident.expect("请选择村"), "西门社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.press(await resident.expect("什么时候"), "本周内")
    await resident.press(await resident.expect("哪个时段"), "跳过")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.send("跳过")
    summary = await resident.expect("请确认")
    assert "关爱老人上门探访" in (summary.text or "") and "西门社区" in (summary.text or "")
    await resident.press(summary, "✏️ 修改")
    await resident.press(await resident.expect("要修改哪一项"), "时间")
    await resident.send("12月3日")
    await resident.press(await resident.expect("哪个时段"), "下午")
    changed = await resident.expect("请确认")
    assert "12月3日（周四）" in (changed.text or "") and "西门社区" in (changed.text or "")


async def test_a_typed_date_in_the_past_is_refused(chat: ChatHarness) -> None:
    resident = chat.sb.user(800014, "郑伯", "zh-CN")
    await _to_details(resident)
    await resident.send("请上门")
    await resident.share_location(30.0612, 119.9551)  # right at point 11
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.expect("什么时候")
    await resident.send("2020-01-01")
    assert "天以内" in ((await resident.next_message()).text or "")


async def test_a_conversation_left_for_a_day_has_expired(chat: ChatHarness) -> None:
    resident = chat.sb.user(800015, "冯婆婆", "zh-CN")
    await _to_details(resident)
    chat.clock.advance(hours=25)
    await resident.send("请上门")
    expired = await resident.next_message()
    assert "已超时" in (expired.text or "")
    await resident.send("还在吗")
    assert "请点下面的按钮" in ((await resident.next_message()).text or "")
