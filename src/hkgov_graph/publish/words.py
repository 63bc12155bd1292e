"""The words of the pages and of ``hkgov-graph show``, in English, Traditional and Simplified Chinese.

One place for every fixed string a person reads around the data: headings,
the sentences that lines of a profile are written in, the names of kinds of
resource. Sentences are templates with ``{slot}`` markers filled with labels
(terminal, JSON) or links (HTML), so a sentence can put its parts in the order
each language needs. Kept apart so that it can be switched to the project's
shared i18n module in one step.
"""

from __future__ import annotations

LANGS = ("en", "zh-Hant", "zh-Hans")

# The order labels are looked for in, per page language: zh-Hans → zh-Hant → en, zh-Hant → zh-Hans → en.
FALLBACK: dict[str, tuple[str, ...]] = {
    "en": ("en", "zh-Hant", "zh-Hans"),
    "zh-Hant": ("zh-Hant", "zh-Hans", "en"),
    "zh-Hans": ("zh-Hans", "zh-Hant", "en"),
}

# key -> (English, Traditional, Simplified)
WORDS: dict[str, tuple[str, str, str]] = {
    # navigation and page furniture
    "site": ("hkgov-graph", "香港特區政府駐內地辦事處知識圖譜", "香港特区政府驻内地办事处知识图谱"),
    "home": ("Home", "主頁", "主页"),
    "resources": ("Resources", "資源", "资源"),
    "graphs": ("Source documents", "來源文件", "来源文件"),
    "ontology": ("Ontology", "本體", "本体"),
    "dataset": ("Dataset", "數據集", "数据集"),
    "search": ("Search", "搜尋", "搜索"),
    "search-placeholder": ("Name, abbreviation or Chinese name", "名稱、簡稱或中文名稱", "名称、简称或中文名称"),
    "search-none": ("Nothing has that name.", "沒有此名稱的資源。", "没有此名称的资源。"),
    "search-needs-script": ("Search needs JavaScript; the index by kind lists every resource.",
                            "搜尋需要 JavaScript；按類別索引列出全部資源。",
                            "搜索需要 JavaScript；按类别索引列出全部资源。"),
    "language": ("Language", "語言", "语言"),
    "sparql": ("SPARQL endpoint", "SPARQL 查詢端點", "SPARQL 查询端点"),
    "downloads": ("Downloads", "下載", "下载"),
    "also": ("This description as", "此描述的格式", "此描述的格式"),
    "footer": ("Every statement names the source documents (named graphs) that hold it.",
               "每項陳述均註明載有它的來源文件（具名圖）。", "每项陈述均注明载有它的来源文件（具名图）。"),
    # profile headings
    "names": ("Names", "名稱", "名称"),
    "also-known-as": ("Also", "又稱", "又称"),
    "notation": ("Abbreviation", "簡稱", "简称"),
    "summary": ("In brief", "概要", "概要"),
    "about": ("About", "簡介", "简介"),
    "purposes": ("Functions", "職能", "职能"),
    "structure": ("Place in the structure", "架構中的位置", "架构中的位置"),
    "structure-history": ("Reporting lines over time", "隸屬關係的變化", "隶属关系的变化"),
    "units": ("Units", "下屬單位", "下属单位"),
    "heads": ("Heads", "歷任首長", "历任首长"),
    "holders": ("Holders", "歷任人選", "历任人选"),
    "terms": ("Posts held", "曾任職位", "曾任职位"),
    "posts": ("Posts", "職位", "职位"),
    "premises": ("Premises", "辦公地點", "办公地点"),
    "regions": ("Regions", "地區", "地区"),
    "served-by": ("Served by", "負責的辦事處", "负责的办事处"),
    "located-here": ("Located here", "位於此地", "位于此地"),
    "mechanisms": ("Co-operation mechanisms", "合作機制", "合作机制"),
    "tiers": ("Tiers", "層級", "层级"),
    "events": ("Events", "活動", "活动"),
    "changes": ("Changes", "變更", "变更"),
    "timeline": ("Timeline", "時間線", "时间线"),
    "facts": ("Other facts", "其他事實", "其他事实"),
    "members": ("Members", "成員", "成员"),
    "referenced": ("Referred to by", "被以下資源引用", "被以下资源引用"),
    "statements": ("All statements", "全部陳述", "全部陈述"),
    "property": ("Property", "屬性", "属性"),
    "value": ("Value", "值", "值"),
    "sources": ("Sources", "來源", "来源"),
    "certainty": ("Certainty", "確定程度", "确定程度"),
    "subject": ("Subject", "主體", "主体"),
    "kind": ("Kind", "類別", "类别"),
    "count": ("Count", "數目", "数目"),
    "triples": ("Triples", "三元組", "三元组"),
    "iri": ("IRI", "IRI", "IRI"),
    "described": ("Resources described", "所描述的資源", "所描述的资源"),
    "all-resources": ("All resources by kind", "按類別列出的全部資源", "按类别列出的全部资源"),
    "all-graphs": ("All named graphs", "全部具名圖", "全部具名图"),
    "named-graphs": ("Named graphs", "具名圖", "具名图"),
    "standard-terms": ("Standard terms used", "引用的標準詞彙", "引用的标准词汇"),
    "intro": ("A linked-data knowledge graph of the Hong Kong SAR Government's offices in Mainland China. Every "
              "statement on these pages names the source documents that state it.",
              "香港特區政府駐內地辦事處網絡的關聯數據知識圖譜。每項陳述均註明其來源文件。",
              "香港特区政府驻内地办事处网络的关联数据知识图谱。每项陈述均注明其来源文件。"),
    "graphs-intro": ("One named graph per source document, plus editorial graphs, the triples the build derives and "
                     "the ontology.", "每份來源文件一個具名圖，另有編輯補充的圖、構建時推導的三元組及本體。",
                     "每份来源文件一个具名图，另有编辑补充的图、构建时推导的三元组及本体。"),
    "ontology-doc": ("Ontology documentation", "本體文件", "本体文件"),
    "dataset-doc": ("Dataset description (VoID, DCAT)", "數據集描述（VoID、DCAT）", "数据集描述（VoID、DCAT）"),
    "served-by-serve": ("served by hkgov-graph serve", "由 hkgov-graph serve 提供", "由 hkgov-graph serve 提供"),
    "bytes": ("bytes", "位元組", "字节"),
    "distributions": ("Distributions", "分發", "分发"),
    # certainty and sources
    "stated": ("stated", "明確陳述", "明确陈述"),
    "editorial": ("editorial", "編輯補充", "编辑补充"),
    "inferred": ("inferred", "推導", "推导"),
    "basis": ("basis", "依據", "依据"),
    # value words
    "unnamed": ("(not named by the source)", "（來源未有列明）", "（来源未有列明）"),
    "true": ("yes", "是", "是"),
    "false": ("no", "否", "否"),
}

# Sentences: key -> (English, Traditional, Simplified); {name} marks a slot.
MESSAGES: dict[str, tuple[str, str, str]] = {
    "item": ("{x}", "{x}", "{x}"),
    "is-a": ("{type}", "{type}", "{type}"),
    "fact": ("{property}: {value}", "{property}：{value}", "{property}：{value}"),
    "administered-by": ("Administered by {org}", "隸屬{org}", "隶属{org}"),
    "unit-of": ("Part of {org}", "屬{org}", "属{org}"),
    "policy-guidance-from": ("Policy guidance from {org}", "由{org}提供政策指導", "由{org}提供政策指导"),
    "in-group": ("One of the {group}", "屬{group}", "属{group}"),
    "sub-organization-of": ("Under {org}", "隸屬{org}", "隶属{org}"),
    "administers": ("Administers {unit}", "管轄{unit}", "管辖{unit}"),
    "gives-guidance": ("Gives policy guidance to {unit}", "向{unit}提供政策指導", "向{unit}提供政策指导"),
    "relation-administrative": ("{subordinate} is administered by {superior}", "{subordinate}隸屬{superior}",
                                "{subordinate}隶属{superior}"),
    "relation-policy": ("{superior} gives policy guidance to {subordinate}", "{superior}向{subordinate}提供政策指導",
                        "{superior}向{subordinate}提供政策指导"),
    "founded": ("Founded {date}", "成立於{date}", "成立于{date}"),
    "founded-not-before": ("Founded no earlier than {date}", "成立不早於{date}", "成立不早于{date}"),
    "located-in": ("Located in {place}", "位於{place}", "位于{place}"),
    "serves": ("Serves {place}", "負責{place}", "负责{place}"),
    "contained-in": ("In {place}", "位於{place}", "位于{place}"),
    "served-by": ("{office}", "{office}", "{office}"),
    "website": ("Website: {url}", "網站：{url}", "网站：{url}"),
    "membership": ("{person}, {post}", "{person}，{post}", "{person}，{post}"),
    "term": ("{post}", "{post}", "{post}"),
    "post-rank": ("{post}, rank {rank}", "{post}（{rank}級）", "{post}（{rank}级）"),
    "post-in": ("A post in {org}", "{org}的職位", "{org}的职位"),
    "rank": ("Rank {rank}", "職級：{rank}", "职级：{rank}"),
    "held-by": ("{person}", "{person}", "{person}"),
    "premises": ("{site}", "{site}", "{site}"),
    "address": ("Address: {address}", "地址：{address}", "地址：{address}"),
    "used-by": ("Premises of {org}", "{org}的辦公地點", "{org}的办公地点"),
    "event": ("{event}", "{event}", "{event}"),
    "event-in": ("{event}, in {place}", "{event}，於{place}", "{event}，于{place}"),
    "organised-by": ("Organised by {org}", "由{org}主辦", "由{org}主办"),
    "change": ("{kind}: {change}", "{kind}：{change}", "{kind}：{change}"),
    "change-from-to": ("From {original} to {resulting}", "由{original}改為{resulting}", "由{original}改为{resulting}"),
    "member-of": ("Member of {mechanism}", "{mechanism}成員", "{mechanism}成员"),
    "coordinates": ("Coordinates {mechanism}", "統籌{mechanism}", "统筹{mechanism}"),
    "counterpart-in": ("Mainland counterpart in {mechanism}", "{mechanism}的內地對口方", "{mechanism}的内地对口方"),
    "chairs": ("Chairs {tier}", "主持{tier}", "主持{tier}"),
    "hk-chair-of": ("Hong Kong chair of {tier}", "{tier}的香港方主持", "{tier}的香港方主持"),
    "mainland-chair-of": ("Mainland chair of {tier}", "{tier}的內地方主持", "{tier}的内地方主持"),
    "supports": ("Supports {tier}", "支援{tier}", "支援{tier}"),
    "participates": ("Takes part in {tier}", "參與{tier}", "参与{tier}"),
    "leads": ("Leads {x}", "領導{x}", "领导{x}"),
    "tier": ("{tier} ({level})", "{tier}（{level}）", "{tier}（{level}）"),
    "tier-of": ("A tier of {mechanism}", "{mechanism}的層級", "{mechanism}的层级"),
    "referenced": ("{subject} ({property})", "{subject}（{property}）", "{subject}（{property}）"),
    "proposed": ("Status: {status}", "狀態：{status}", "状态：{status}"),
    "described-in": ("{count} resources are described in this document", "此文件描述 {count} 項資源",
                     "此文件描述 {count} 项资源"),
    # periods: a line's dates, appended to its sentence
    "period-between": ("{start} – {end}", "{start} 至 {end}", "{start} 至 {end}"),
    "period-from": ("from {start}", "{start} 起", "{start} 起"),
    "period-until": ("until {end}", "至 {end}", "至 {end}"),
    "period-on": ("{start}", "{start}", "{start}"),
    "attested": ("as stated in {date}", "{date} 時的記載", "{date} 时的记载"),
    "with-period": ("{line}, {period}", "{line}，{period}", "{line}，{period}"),
    "with-attested": ("{line} ({attested})", "{line}（{attested}）", "{line}（{attested}）"),
    "quantity": ("{value} {unit}", "{value} {unit}", "{value} {unit}"),
    "amount": ("{currency} {value}", "{currency} {value}", "{currency} {value}"),
    "at-least": ("at least {value}", "至少 {value}", "至少 {value}"),
}

# The kinds of resource, by the first path segment after id/: (English, Traditional, Simplified).
KIND_NAMES: dict[str, tuple[str, str, str]] = {
    "government": ("Governments", "政府", "政府"),
    "bureau": ("Policy bureaus", "決策局", "决策局"),
    "department": ("Departments", "政府部門", "政府部门"),
    "office": ("Mainland offices", "駐內地辦事處", "驻内地办事处"),
    "liaison-unit": ("Liaison units", "聯絡處", "联络处"),
    "division": ("Divisions", "組別", "组别"),
    "body": ("Public and Mainland bodies", "機構", "机构"),
    "post": ("Posts", "職位", "职位"),
    "rank": ("Ranks", "職級", "职级"),
    "person": ("People", "人物", "人物"),
    "membership": ("Terms of office", "任職", "任职"),
    "region": ("Regions", "地區", "地区"),
    "city": ("Cities", "城市", "城市"),
    "site": ("Sites", "地點", "地点"),
    "mechanism": ("Co-operation mechanisms", "合作機制", "合作机制"),
    "tier": ("Mechanism tiers", "機制層級", "机制层级"),
    "event": ("Events", "活動", "活动"),
    "change": ("Changes", "變更", "变更"),
    "relation": ("Reporting relations", "隸屬關係", "隶属关系"),
    "statistic": ("Statistics", "統計", "统计"),
    "programme": ("Programmes", "節目", "节目"),
}


def _index(lang: str) -> int:
    try:
        return LANGS.index(lang)
    except ValueError:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}") from None


def word(key: str, lang: str = "en") -> str:
    """The UI word ``key`` in ``lang``."""
    return WORDS[key][_index(lang)]


def message(key: str, lang: str = "en") -> str:
    """The sentence template ``key`` in ``lang``."""
    return MESSAGES[key][_index(lang)]


def kind_name(kind: str, lang: str = "en") -> str:
    """The name of a kind of resource (``office``) in ``lang``; the kind itself when unnamed."""
    names = KIND_NAMES.get(kind)
    return names[_index(lang)] if names else kind
