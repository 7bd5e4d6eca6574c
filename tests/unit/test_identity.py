"""Every corpus document's identity (body, qualifier, level, year, kind, superior), and the
rules that keep boilerplate from becoming a name.

The pins were read from each PDF (tests/corpus/README.md and each SOURCE.md say what each
document is; checked against the text layer).  docs/extraction.md lists them.
"""


import pytest

from budget_audit.identity import body_key, document_identity, identify, region_of
from corpus_docs import corpus_folders, corpus_pdf

# slug: (body, qualifier, level, year, kind, superior)
IDENTITY = {
    'bj_gzw_2026_dept_budget_tables': ('北京市人民政府国有资产监督管理委员会', '', 'dept', 2026, 'budget', ''),  # tables only: 部门名称 cell of the 绩效目标 table; year from the 项目 titles
    'bj_sdlw_2026_dept_budget_tables': ('首都绿化委员会办公室', '', 'dept', 2026, 'budget', ''),  # named only in the 绩效目标 table's 部门名称 cell
    'bj_swj_2026_dept_budget': ('北京市商务局', '', 'dept', 2026, 'budget', ''),
    'bj_zfbgt_2026_dept_budget': ('北京市人民政府办公厅', '', 'dept', 2026, 'budget', ''),
    'bj_zwsj_2026_dept_budget_scanned': ('', '', '', 2026, 'budget', ''),  # no text layer: only the file name's year is readable (an OCR pass would be needed for the rest)
    'bj_zwsj_2026_dept_budget_tables': ('北京市政务服务和数据管理局', '', 'dept', 2026, 'budget', ''),
    'cq_jxw_2026_dept_budget': ('重庆市经济和信息化委员会', '', 'dept', 2026, 'budget', ''),  # title 2026年部门预算情况说明 (was filed under 2025)
    'cq_xcb_2026_dept_budget': ('中共重庆市委宣传部', '', 'dept', 2026, 'budget', ''),  # its tables say 单位名称 but the title says 部门预算
    'fj_fuzhou_gawzzx_2026_unit_budget': ('福州市公安局文职人员管理中心', '', 'unit', 2026, 'budget', ''),
    'fj_fuzhou_kjj_2026_unit_budget': ('福州市科学技术局', '本级', 'unit', 2026, 'budget', ''),
    'fj_fuzhou_ybj_2026_dept_budget': ('福州市医疗保障局', '', 'dept', 2026, 'budget', ''),
    'fj_ningde_zfb_2024_dept_perf_selfeval': ('宁德市人民政府办公室', '', 'dept', 2024, 'selfeval', ''),  # 部门整体绩效自评表（2024年度）: a self-evaluation only
    'fj_quanzhou_zfb_2026_dept_budget': ('泉州市人民政府办公室', '', 'dept', 2026, 'budget', ''),
    'fj_quanzhou_zfb_2026_unit_budget': ('泉州市人民政府办公室', '本级', 'unit', 2026, 'budget', ''),  # （本级）单位预算, the own-level counterpart of the 部门 budget
    'gd_guangzhou_xfj_2026_dept_budget': ('广州市信访局', '', 'dept', 2026, 'budget', ''),
    'gd_guangzhou_zwsj_2026_dept_perf_targets': ('广州市政务服务和数据管理局', '', 'dept', 2026, 'budget', ''),  # 部门整体预算绩效目标申报表: a budget's attachment
    'gd_shenzhen_mzj_2026_dept_budget': ('深圳市民政局', '本级', 'dept', 2026, 'budget', ''),  # 深圳市民政局（本级）部门预算
    'gd_shenzhen_swj_2026_dept_budget': ('深圳市水务局', '', 'dept', 2026, 'budget', ''),
    'gd_shenzhen_zfbgt_2026_dept_budget': ('深圳市人民政府办公厅', '', 'dept', 2026, 'budget', ''),
    'gd_zhuhai_gwzx_2026_dept_budget': ('珠海市政府投资交通市政项目工务中心', '', 'dept', 2026, 'budget', ''),
    'hn_changsha_zjjd_2026_dept_budget': ('长沙职业教育基地综合协调办公室', '', 'dept', 2026, 'budget', ''),
    'js_fy_2019_dept_budget': ('江苏省高级人民法院', '', 'dept', 2019, 'budget', ''),
    'js_jcy_2019_dept_budget': ('江苏省人民检察院', '', 'dept', 2019, 'budget', ''),
    'js_rd_2019_dept_budget': ('江苏省人大常委会办公厅', '', 'dept', 2019, 'budget', ''),
    'js_rd_2019_dept_budget_tables': ('江苏省人大常委会办公厅', '', 'dept', 2019, 'budget', ''),
    'js_suzhou_shujuju_2026_dept_budget': ('苏州市数据局', '', 'dept', 2026, 'budget', ''),
    'js_suzhou_swj_2026_unit_budget': ('苏州市水务局', '', 'unit', 2026, 'budget', ''),
    'js_swbgt_2019_dept_budget': ('江苏省委办公厅', '', 'dept', 2019, 'budget', ''),  # its cover and titles say 江苏省委办公厅 (no 中共): the name as this part prints it
    'js_swbgt_2019_dept_budget_tables': ('中共江苏省委办公厅', '', 'dept', 2019, 'budget', ''),  # 部门：中共江苏省委办公厅 on every table
    'js_wuxi_xfj_2025_dept_budget': ('无锡市信访局', '', 'dept', 2025, 'budget', ''),  # the crawler's path claims 2026; the document says 2025
    'js_wuxi_yjzfjd_2026_unit_budget': ('无锡市应急管理综合行政执法监督局', '', 'unit', 2026, 'budget', ''),
    'js_zx_2019_dept_budget': ('江苏省政协办公厅', '', 'dept', 2019, 'budget', ''),  # blank cover: the running titles name it
    'js_zx_2019_dept_budget_tables': ('江苏省政协办公厅', '', 'dept', 2019, 'budget', ''),
    'sd_yantai_dsjj_2026_dept_budget': ('烟台市大数据局', '', 'dept', 2026, 'budget', ''),
    'sd_yantai_mzj_2026_dept_budget': ('烟台市民政局', '', 'dept', 2026, 'budget', ''),
    'sd_yantai_tjj_2026_dept_budget': ('烟台市统计局', '', 'dept', 2026, 'budget', ''),
    'sh_city_fcfxzx_2026_unit_budget': ('上海市福利彩票发行中心', '', 'unit', 2026, 'budget', '上海市民政局'),  # 是上海市民政局直属的事业单位
    'sh_city_jdkfzx_2026_unit_budget': ('上海市戒毒康复中心', '', 'unit', 2026, 'budget', '上海市司法局'),  # 隶属于上海市司法局
    'sh_city_jwjt_2026_unit_budget': ('上海市减污降碳管理运行技术中心', '', 'unit', 2026, 'budget', '上海市生态环境局'),  # 是上海市生态环境局下属全额拨款事业单位
    'sh_city_shujuju_2026_unit_budget': ('上海市数据局', '', 'unit', 2026, 'budget', ''),
    'sh_city_zrzyqqdj_2026_unit_budget': ('上海市自然资源确权登记事务中心', '', 'unit', 2026, 'budget', '上海市规划和自然资源局'),  # 是上海市规划和自然资源局下属事业单位
    'sh_putuo_ghzy_2024_final': ('上海市普陀区规划和自然资源局', '', 'dept', 2024, 'final', ''),
    'sh_putuo_sfj_2026_dept_budget': ('上海市普陀区司法局', '', 'dept', 2026, 'budget', ''),
    'sh_putuo_sfj_2026_unit_budget': ('上海市普陀区司法局', '', 'unit', 2026, 'budget', ''),
    'sh_putuo_shgzb_2024_final': ('中共上海市普陀区委社会工作部', '', 'dept', 2024, 'final', ''),
    'sh_putuo_wanli_2023_dept_budget': ('上海市普陀区人民政府万里街道办事处', '', 'dept', 2023, 'budget', ''),
    'sh_putuo_wanli_2024_dept_budget': ('上海市普陀区人民政府万里街道办事处', '', 'dept', 2024, 'budget', ''),
    'sh_putuo_wanli_2025_dept_budget': ('上海市普陀区人民政府万里街道办事处', '', 'dept', 2025, 'budget', ''),
    'sh_putuo_zfb_2025_dept_budget': ('上海市普陀区人民政府办公室', '', 'dept', 2025, 'budget', ''),
    'sh_putuo_zfb_2025_unit_budget': ('上海市普陀区人民政府办公室', '', 'unit', 2025, 'budget', ''),
    'sn_xian_ajj_2019_dept_budget_tables': ('西安市安全生产监督管理局', '', 'dept', 2019, 'budget', ''),
    'sn_xian_fgw_2019_dept_budget': ('西安市发展和改革委员会', '', 'dept', 2019, 'budget', ''),
    'sn_xian_jtysj_2022_dept_budget': ('西安市交通运输局', '', 'dept', 2022, 'budget', ''),
    'sn_xian_kjj_2022_dept_budget': ('西安市科学技术局', '', 'dept', 2022, 'budget', ''),
    'sn_xian_xcb_2021_dept_budget': ('中共西安市委宣传部', '', 'dept', 2021, 'budget', ''),
    'sn_xian_xzspj_2025_dept_budget': ('西安市行政审批服务局', '汇总', 'dept', 2025, 'budget', ''),  # 西安市行政审批服务局（汇总）
    'sn_xian_ybj_2022_dept_budget': ('西安市医疗保障局', '', 'dept', 2022, 'budget', ''),
    'sn_xian_zfbgt_2026_dept_budget': ('西安市人民政府办公厅', '汇总', 'dept', 2026, 'budget', ''),
    'swu_2021_dept_budget': ('西南大学', '', 'dept', 2021, 'budget', '教育部'),  # 是教育部直属…高校
    'swu_2023_dept_budget': ('西南大学', '', 'dept', 2023, 'budget', '教育部'),
    'swu_2023_final': ('西南大学', '', 'dept', 2023, 'final', '教育部'),  # 2023 年度部门决算, dated 2024 年 8 月
    'swu_2024_dept_budget': ('西南大学', '', 'dept', 2024, 'budget', '教育部'),
    'swu_2024_final': ('西南大学', '', 'dept', 2024, 'final', '教育部'),
    'zj_hangzhou_jtysj_2026_dept_budget': ('杭州市交通运输局', '', 'dept', 2026, 'budget', ''),
    'zj_hangzhou_sfj_2026_dept_budget': ('杭州市司法局', '', 'dept', 2026, 'budget', ''),
    'zj_huzhou_jtysj_2026_dept_budget': ('湖州市交通运输局', '', 'dept', 2026, 'budget', ''),
    'zj_huzhou_wjw_2026_dept_budget': ('湖州市卫生健康委员会', '', 'dept', 2026, 'budget', ''),
}


def test_every_corpus_document_is_pinned():
    assert sorted(IDENTITY) == corpus_folders()


@pytest.mark.parametrize("folder", sorted(IDENTITY))
def test_corpus_identity(folder):
    i = document_identity(corpus_pdf(folder))
    assert (i.body, i.body_qualifier, i.level, i.year, i.kind, i.superior) == IDENTITY[folder]
    if i.body:  # the winner is witnessed where it was found, never invented
        assert any(body_key(n) == body_key(i.body) for names in i.names.values() for n in names)


def _pages(*pages):
    return ["\n".join(p) for p in pages]


def test_boilerplate_never_becomes_a_name():
    """The names the old reader took for bodies: column labels, notice numbers, quoted
    regulation titles, leading punctuation, a verb before the name."""
    pages = _pages(
        ["2026 年度", "长春市信访局（本级）", "单位预算"],
        ["号《江苏省财政厅关于编制省级 2026 年部门预算的通知》", "公务接待费 2026 年预算 0.50 万元",
         "纳入烟台市审计局2026年部门预算编制范围的单位共 1 个。"],
        [".长春市信访局（本级）2026年单位预算", "-长春市信访局 2026 年度单位预算公开"],
        ["单位名称：公务接待费", "单位：万元", "部门： 单位：万元"],
    )
    i = identify(pages, "x.pdf")
    assert (i.body, i.body_qualifier, i.level, i.year, i.kind) == ("长春市信访局", "本级", "unit", 2026, "budget")
    found = {n for names in i.names.values() for n in names}
    assert found == {"长春市信访局"}


def test_the_most_consistent_name_wins_and_every_spelling_is_kept():
    """Cover 江苏省委办公厅, tables 中共江苏省委办公厅 on two pages: one body, both spellings kept
    for the rule that says the document names itself differently."""
    pages = _pages(["江苏省委办公厅 2019年度部门预算公开"],
                   *[["部门：中共江苏省委办公厅 单位：万元", "项目 金额"]] * 2)
    i = identify(pages)
    assert i.body == "江苏省委办公厅"  # the cover (6 votes) and its title line outweigh two fields (2 each)
    assert i.names == {"cover": {"江苏省委办公厅": 6}, "tables": {"中共江苏省委办公厅": 4},
                       "titles": {"江苏省委办公厅": 1}}
    assert body_key("中共江苏省委办公厅") == body_key("江苏省委办公厅（本级）") == "江苏省委办公厅"
    more = identify(pages + _pages(*[["部门：中共江苏省委办公厅 单位：万元"]] * 3))
    assert more.body == "中共江苏省委办公厅"


def test_the_narrative_witnesses_only_this_body():
    """A paragraph about another body, and a wrapped line's tail, are not names of this one."""
    pages = _pages(["上海市2026年市级单位预算", "预算单位：上海市戒毒康复中心"],
                   ["　　上海市戒毒康复中心隶属于上海市司法局 ，机构级别为正处级。",
                    "　　上海市司法局是市政府组成部门。", "国家检察大数据中心江", "苏分中心是重点工作之一。"])
    i = identify(pages)
    assert (i.body, i.level, i.superior) == ("上海市戒毒康复中心", "unit", "上海市司法局")
    assert set(i.names["narrative"]) == {"上海市戒毒康复中心"}


def test_a_title_that_says_about():
    i = identify(_pages(["湖州市交通运输局关于2026年部门预算的说明"]))
    assert (i.body, i.year, i.level) == ("湖州市交通运输局", 2026, "dept")


def test_a_unit_named_under_its_department():
    """A title that names the department above: the body is the unit, the department its superior."""
    i = identify(_pages(["湖州市教育局所属湖州市第一中学2024年度单位决算"], ["单位名称：湖州市第一中学 单位：万元"]))
    assert (i.body, i.level, i.kind, i.year, i.superior) == ("湖州市第一中学", "unit", "final", 2024, "湖州市教育局")


@pytest.mark.parametrize("pages, year, kind, source", [
    (["西南大学 2023 年度部门决算 2024 年 8 月"], 2023, "final", "cover"),      # the title's year, not the date's
    (["部门整体绩效自评表 （2024年度）", "部门（单位）名称 宁德市人民政府办公室"], 2024, "selfeval", "cover"),
    (["预算01表 收支总表", "一、一般公共预算拨款收入"], 2026, "budget", "title"),
    (["收支预算总表 单位：万元"], 2030, "budget", "file name"),                  # nothing printed: the file name
    (["某县财政局\n二〇二四年度部门决算"], 2024, "final", "cover"),             # a year in Chinese numerals
])
def test_year_and_kind(pages, year, kind, source):
    if source == "title":  # a later page's table title
        pages = pages + ["2026年部门预算项目支出绩效目标表"]
    i = identify(pages, "tables_2030.pdf")
    assert (i.year, i.kind, i.year_source) == (year, kind, source)


@pytest.mark.parametrize("body, region", [
    ("上海市普陀区人民政府万里街道办事处", "上海市普陀区"), ("中共重庆市委宣传部", "重庆市"),
    ("江苏省人民检察院", "江苏省"), ("江汉区大数据中心", "江汉区"), ("西南大学", ""),
    ("中共上海市普陀区委社会工作部", "上海市普陀区"), ("上海市城市管理行政执法局", "上海市"),
])
def test_region(body, region):
    assert region_of(body) == region
