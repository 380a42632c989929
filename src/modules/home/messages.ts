export const vi = {
  'nav.home': 'Trang chủ',
  'home.title': 'Đối thoại giữa Nhân dân và chính quyền',
  'home.lead': 'Gửi kiến nghị, phản ánh và theo dõi việc giải quyết; đọc các kế hoạch được công khai và góp ý; theo dõi các hội nghị đối thoại của người đứng đầu cấp ủy, chính quyền với Nhân dân tỉnh Sơn La.',
  'search.title': 'Tìm kiếm',
  'search.label': 'Tìm kiến nghị, văn bản công khai, tin tức…',
  'search.count': 'Tìm thấy {n} kết quả cho “{q}”',
  'search.none': 'Không tìm thấy kết quả phù hợp. Hãy thử từ khóa khác (không cần gõ dấu).',
  'about.title': 'Giới thiệu',
  'about.body': 'Đối Thoại là nền tảng đối thoại trực tiếp giữa Nhân dân và người đứng đầu cấp ủy, chính quyền các cấp: tiếp nhận và trả lời kiến nghị đúng hạn, công khai và lấy ý kiến Nhân dân, tổ chức hội nghị đối thoại và giám sát việc thực hiện các cam kết.',
};
export const en: Record<keyof typeof vi, string> = {
  'nav.home': 'Home',
  'home.title': 'Dialogue between the people and their government',
  'home.lead': 'Send petitions and feedback and follow how they are handled; read the plans published for comment and give your views; follow the dialogue conferences between the heads of party committees and authorities and the people of Sơn La.',
  'search.title': 'Search',
  'search.label': 'Search petitions, disclosed documents, news…',
  'search.count': '{n} results for “{q}”',
  'search.none': 'Nothing found. Try other words (diacritics are optional).',
  'about.title': 'About',
  'about.body': 'Đối Thoại is a platform for direct dialogue between the people and the heads of party committees and authorities: petitions received and answered on time, plans disclosed for the people to comment on, dialogue conferences held and their commitments supervised.',
};
