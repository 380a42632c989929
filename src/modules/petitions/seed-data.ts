import type { PetitionKind } from './model';

/**
 * Realistic petitions of Sơn La for the demo and the benchmark generator: what citizens of a mountain
 * province write about (landslides, street lights, water, village roads, poverty policy, land…), each with
 * the kind of answer a commune People's Committee gives. `{place}` is a village or residential group,
 * `{commune}` the commune's name ("phường Chiềng Cơi").
 */
export interface PetitionTemplate {
  kind: PetitionKind;
  category: string;
  title: string;
  content: string;
  answer: string;
}

export const TEMPLATES: PetitionTemplate[] = [
  {
    kind: 'phan_anh',
    category: 'moi-truong',
    title: 'Sạt lở đất taluy dương tại {place}, {commune}',
    content:
      'Sau các trận mưa lớn kéo dài, taluy dương phía sau dãy nhà ở {place} bị sạt lở, đất đá tràn xuống sát nhà ba hộ dân. Vết nứt trên sườn đồi ngày càng rộng, người dân rất lo lắng khi mùa mưa bão đang đến. Đề nghị UBND khảo sát, cảnh báo và có phương án di dời tạm thời, gia cố taluy kịp thời.',
    answer:
      'UBND đã cử tổ công tác cùng trưởng bản kiểm tra hiện trường, cắm biển cảnh báo và vận động 3 hộ dân di chuyển tạm thời đến nhà văn hóa. Kinh phí gia cố taluy đã được đề xuất trong kế hoạch phòng, chống thiên tai năm nay; trong thời gian chờ thi công, lực lượng xung kích của phường trực theo dõi khi có mưa lớn.',
  },
  {
    kind: 'phan_anh',
    category: 'dien-nuoc',
    title: 'Đèn chiếu sáng công cộng tại {place} hỏng nhiều ngày',
    content:
      'Tuyến đường chính qua {place} có 6 bóng đèn chiếu sáng công cộng không sáng đã hơn hai tuần. Buổi tối đường tối, học sinh đi học thêm về và người đi làm muộn rất nguy hiểm, đã có người ngã xe. Đề nghị {commune} kiểm tra, thay thế bóng đèn hỏng sớm.',
    answer:
      'UBND đã giao đơn vị quản lý chiếu sáng kiểm tra: nguyên nhân do hỏng bộ điều khiển tủ điện. Đơn vị đã thay bộ điều khiển và 6 bóng đèn LED; toàn tuyến đã sáng trở lại. Cảm ơn bà con đã phản ánh kịp thời.',
  },
  {
    kind: 'kien_nghi',
    category: 'dien-nuoc',
    title: 'Thiếu nước sinh hoạt mùa khô ở {place}',
    content:
      'Từ đầu mùa khô, nguồn nước tự chảy về bể chứa của {place} bị cạn, nhiều hộ phải đi lấy nước ở suối cách hơn 2 km. Đường ống dẫn nước đã cũ, bị rò rỉ nhiều đoạn. Kiến nghị {commune} hỗ trợ sửa chữa đường ống và xem xét xây thêm bể chứa nước cho bản.',
    answer:
      'UBND đã phối hợp Trung tâm Nước sạch nông thôn khảo sát: sẽ thay 800 m đường ống bị rò rỉ trong tháng này bằng nguồn kinh phí sự nghiệp. Việc xây thêm bể chứa 30 m³ được đưa vào danh mục đầu tư của Chương trình mục tiêu quốc gia năm tới; trước mắt xe chở nước hỗ trợ bà con 2 lần mỗi tuần.',
  },
  {
    kind: 'kien_nghi',
    category: 'giao-thong',
    title: 'Đường vào {place} xuống cấp, đi lại khó khăn',
    content:
      'Đường bê tông vào {place} dài khoảng 1,5 km làm từ năm 2012 nay đã vỡ nhiều đoạn, mùa mưa lầy lội, xe máy chở nông sản không đi được. Bà con sẵn sàng góp ngày công. Kiến nghị {commune} đưa tuyến đường vào kế hoạch sửa chữa, nâng cấp.',
    answer:
      'Tuyến đường đã được đưa vào danh mục nâng cấp theo cơ chế Nhà nước hỗ trợ xi măng, nhân dân góp công. UBND đề nghị Ban công tác mặt trận bản tổ chức họp dân thống nhất phương án góp công; dự kiến khởi công sau vụ thu hoạch.',
  },
  {
    kind: 'kien_nghi',
    category: 'chinh-sach',
    title: 'Đề nghị rà soát lại danh sách hộ nghèo tại {place}',
    content:
      'Gia đình tôi có 5 khẩu, chồng bị tai nạn lao động mất sức, thu nhập chỉ dựa vào 3 sào ruộng nhưng không có tên trong danh sách hộ nghèo năm nay, trong khi một số hộ có điều kiện hơn lại được bình xét. Đề nghị {commune} rà soát lại việc bình xét hộ nghèo ở {place} cho công bằng.',
    answer:
      'UBND đã chỉ đạo Ban giảm nghèo phối hợp trưởng bản rà soát lại theo đúng tiêu chí đa chiều. Kết quả: gia đình bà đủ điều kiện hộ cận nghèo và đã được bổ sung vào danh sách, được hưởng chính sách bảo hiểm y tế và vay vốn ưu đãi. Việc bình xét sẽ được công khai tại nhà văn hóa bản.',
  },
  {
    kind: 'kien_nghi',
    category: 'dat-dai',
    title: 'Chậm cấp giấy chứng nhận quyền sử dụng đất ở {place}',
    content:
      'Tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất cho thửa đất ở {place} từ tháng trước nhưng đến nay chưa có kết quả, cũng không được thông báo lý do. Đề nghị {commune} kiểm tra, giải quyết hồ sơ đúng thời hạn.',
    answer:
      'Hồ sơ của ông còn thiếu bản xác nhận ranh giới thửa đất với hộ liền kề; bộ phận một cửa đã liên hệ hướng dẫn bổ sung. Sau khi bổ sung, hồ sơ được chuyển Văn phòng đăng ký đất đai và có kết quả trong 10 ngày làm việc. UBND đã nhắc nhở công chức chậm thông báo cho công dân.',
  },
  {
    kind: 'phan_anh',
    category: 'moi-truong',
    title: 'Rác thải không được thu gom tại {place}',
    content:
      'Khoảng hai tuần nay xe thu gom rác không vào {place}, rác tập kết ở đầu ngõ bốc mùi, ruồi nhặng nhiều, ảnh hưởng sức khỏe người dân, nhất là trẻ nhỏ. Đề nghị {commune} yêu cầu đơn vị thu gom thực hiện đúng lịch.',
    answer:
      'Đơn vị thu gom đã giải thích xe chuyên dụng hỏng; UBND yêu cầu bố trí xe thay thế và thu gom toàn bộ rác tồn đọng ngay trong tuần. Lịch thu gom (thứ Hai, thứ Tư, thứ Sáu) được niêm yết tại nhà văn hóa.',
  },
  {
    kind: 'gop_y',
    category: 'hanh-chinh',
    title: 'Góp ý về giờ làm việc của bộ phận một cửa {commune}',
    content:
      'Nhiều người dân ở các bản xa phải đi từ sáng sớm, đến bộ phận một cửa lúc 11 giờ thì đã hết lượt tiếp nhận buổi sáng. Đề nghị {commune} xem xét tiếp nhận hồ sơ đến hết giờ hành chính và bố trí làm việc sáng thứ Bảy một tuần một lần.',
    answer:
      'UBND tiếp thu góp ý: từ tháng này bộ phận một cửa tiếp nhận hồ sơ liên tục đến hết giờ hành chính và làm việc sáng thứ Bảy tuần đầu tiên của tháng. Thông báo đã đăng trên trang thông tin và loa truyền thanh.',
  },
  {
    kind: 'phan_anh',
    category: 'an-ninh',
    title: 'Xe tải chở vật liệu chạy quá tốc độ qua {place}',
    content:
      'Các xe tải chở đá, cát phục vụ công trình chạy quá tốc độ qua khu dân cư {place}, nhất là giờ học sinh tan trường, làm hư hỏng mặt đường và bụi nhiều. Đề nghị lực lượng chức năng kiểm tra, xử lý và lắp biển hạn chế tốc độ.',
    answer:
      'Công an phường đã phối hợp kiểm tra, xử phạt 4 trường hợp vi phạm tốc độ và tải trọng; yêu cầu chủ công trình cam kết phủ bạt, tưới nước giảm bụi. Biển hạn chế tốc độ 30 km/h đã được lắp đặt ở hai đầu khu dân cư.',
  },
  {
    kind: 'kien_nghi',
    category: 'giao-duc',
    title: 'Đề nghị sửa chữa phòng học điểm trường {place}',
    content:
      'Phòng học ở điểm trường {place} mái tôn bị thủng, mùa mưa dột ướt bàn ghế, tường nứt. Các cháu mầm non và tiểu học phải học trong điều kiện không an toàn. Kiến nghị {commune} và ngành giáo dục quan tâm sửa chữa trước năm học mới.',
    answer:
      'UBND đã làm việc với nhà trường: kinh phí thay mái tôn và gia cố tường được bố trí từ nguồn sửa chữa thường xuyên, thi công xong trong kỳ nghỉ hè. Trong thời gian thi công, các lớp học tạm tại nhà văn hóa bản.',
  },
  {
    kind: 'phan_anh',
    category: 'y-te',
    title: 'Trạm y tế thiếu thuốc điều trị tăng huyết áp',
    content:
      'Người cao tuổi ở {place} điều trị tăng huyết áp theo bảo hiểm y tế nhưng nhiều tháng nay trạm y tế thường xuyên hết thuốc, phải tự mua ngoài. Đề nghị {commune} và ngành y tế bảo đảm cung ứng thuốc cho trạm.',
    answer:
      'Trung tâm Y tế đã bổ sung cơ số thuốc điều trị tăng huyết áp cho trạm y tế và điều chỉnh kế hoạch cung ứng theo số người bệnh đang quản lý. Người bệnh được cấp thuốc đủ 30 ngày mỗi lần khám.',
  },
  {
    kind: 'kien_nghi',
    category: 'nong-nghiep',
    title: 'Hỗ trợ giống ngô cho vùng bị thiệt hại do mưa đá ở {place}',
    content:
      'Trận mưa đá vừa qua làm hư hỏng gần 4 ha ngô đang trổ cờ của các hộ ở {place}. Nhiều gia đình không còn vốn để gieo trồng lại. Kiến nghị {commune} thống kê thiệt hại và đề nghị hỗ trợ giống, phân bón theo chính sách khắc phục thiên tai.',
    answer:
      'UBND đã thống kê thiệt hại 3,8 ha của 21 hộ và đề nghị tỉnh hỗ trợ theo quy định về khắc phục hậu quả thiên tai. Giống ngô và phân bón hỗ trợ đã được cấp phát trực tiếp cho các hộ tại nhà văn hóa bản.',
  },
  {
    kind: 'phan_anh',
    category: 'xay-dung',
    title: 'Công trình xây dựng lấn chiếm hành lang đường tại {place}',
    content:
      'Một hộ gia đình ở {place} đang xây tường rào và mái che lấn ra hành lang an toàn đường bộ khoảng 1,5 m, làm hẹp đường và che khuất tầm nhìn ở khúc cua. Đề nghị {commune} kiểm tra, xử lý theo quy định.',
    answer:
      'Tổ kiểm tra trật tự xây dựng đã lập biên bản, yêu cầu hộ gia đình tự tháo dỡ phần lấn chiếm. Hộ gia đình đã tháo dỡ xong, trả lại hiện trạng hành lang đường.',
  },
  {
    kind: 'gop_y',
    category: 'khac',
    title: 'Góp ý lắp loa truyền thanh tiếng dân tộc tại {place}',
    content:
      'Nhiều người cao tuổi ở {place} không đọc được chữ phổ thông, thông tin về tiêm chủng, phòng chống thiên tai thường đến chậm. Đề nghị {commune} phát thêm bản tin bằng tiếng Thái trên loa truyền thanh vào buổi tối.',
    answer:
      'UBND tiếp thu: từ tháng này đài truyền thanh phát bản tin tiếng Thái vào 19 giờ thứ Ba và thứ Sáu hằng tuần, nội dung do công chức văn hóa – xã hội phối hợp người có uy tín biên dịch.',
  },
  {
    kind: 'kien_nghi',
    category: 'dat-dai',
    title: 'Tranh chấp ranh giới đất nương giữa hai hộ ở {place}',
    content:
      'Gia đình tôi và một hộ liền kề ở {place} có tranh chấp ranh giới đất nương trồng cà phê đã hơn một năm, trưởng bản hòa giải không thành. Đề nghị {commune} tổ chức hòa giải và đo đạc lại ranh giới để giải quyết dứt điểm.',
    answer:
      'UBND đã tổ chức hòa giải tại cơ sở với sự tham gia của công chức địa chính và Ban công tác mặt trận bản; hai hộ đã thống nhất mốc ranh giới theo bản đồ địa chính và ký biên bản hòa giải thành.',
  },
  {
    kind: 'phan_anh',
    category: 'giao-thong',
    title: 'Cầu treo qua suối ở {place} bị hỏng ván mặt cầu',
    content:
      'Cầu treo dân sinh qua suối ở {place} bị mục, gãy nhiều tấm ván mặt cầu, cáp treo han gỉ. Hằng ngày học sinh và bà con đi nương phải qua cầu, rất nguy hiểm nhất là mùa lũ. Đề nghị {commune} khẩn trương sửa chữa.',
    answer:
      'UBND đã tạm cấm người qua cầu khi có lũ, cử lực lượng hỗ trợ học sinh qua suối. Ván mặt cầu đã được thay mới; việc kiểm định và thay cáp treo do Ban quản lý dự án thực hiện trong quý tới.',
  },
  {
    kind: 'kien_nghi',
    category: 'chinh-sach',
    title: 'Chậm chi trả trợ cấp cho người khuyết tật',
    content:
      'Con tôi là người khuyết tật nặng ở {place}, đã có quyết định hưởng trợ cấp xã hội nhưng ba tháng nay chưa nhận được tiền. Đề nghị {commune} kiểm tra việc chi trả.',
    answer:
      'Nguyên nhân do thay đổi hình thức chi trả qua tài khoản nhưng thông tin tài khoản của gia đình chưa cập nhật. Công chức Lao động – Thương binh và Xã hội đã hướng dẫn cập nhật; khoản trợ cấp ba tháng đã được chi trả đầy đủ.',
  },
  {
    kind: 'phan_anh',
    category: 'moi-truong',
    title: 'Chăn nuôi lợn gây ô nhiễm nguồn nước ở {place}',
    content:
      'Một trang trại chăn nuôi lợn ở đầu nguồn suối {place} xả nước thải chưa qua xử lý ra suối, nước có mùi hôi, nhiều hộ dùng nước suối để tưới rau. Đề nghị {commune} kiểm tra, yêu cầu trang trại xử lý chất thải.',
    answer:
      'Đoàn kiểm tra đã lấy mẫu nước, lập biên bản vi phạm về bảo vệ môi trường; chủ trang trại đã xây hầm biogas và bể lắng, cam kết không xả thải trực tiếp ra suối. UBND sẽ kiểm tra lại sau 30 ngày.',
  },
];

/** Villages / residential groups used in the demo, per commune code. */
export const PLACES: Record<string, string[]> = {
  '03670': ['bản Hài', 'bản Cọ', 'bản Hua La', 'tổ dân phố 1', 'tổ dân phố 2', 'tổ dân phố 3', 'bản Phiêng Ngùa', 'bản Nong La'],
  '03646': ['tổ 2', 'tổ 5', 'tổ 7', 'bản Cá'],
  '03664': ['bản Lay', 'bản Tông', 'bản Hùn', 'tổ 3'],
  '03679': ['bản Giảng Lắc', 'bản Bó Ẩn', 'tổ 4'],
  '03721': ['bản Lướt', 'bản Nà Làng', 'bản Co Nghè'],
  '04105': ['bản Ít Lức', 'bản Nà Sàng', 'tiểu khu 2'],
  '03980': ['tiểu khu 6', 'tiểu khu 14', 'bản Áng'],
};

/** Citizens' names (ethnic Thái, Kinh, H'Mông, Mường…). */
export const NAMES = [
  'Lò Văn Pánh', 'Quàng Thị Én', 'Cà Văn Liêm', 'Lường Thị Xuân', 'Tòng Văn Hặc', 'Nguyễn Thị Hạnh', 'Giàng A Dế',
  'Mùa Thị Sợ', 'Đinh Văn Tuấn', 'Bạc Cầm Khiêm', 'Hoàng Văn Nam', 'Vì Thị Thoan', 'Trần Văn Bình', 'Lê Thị Mai',
  'Sùng A Lử', 'Cầm Thị Ngọc', 'Phạm Văn Quân', 'Lò Thị Phương', 'Hà Văn Thiết', 'Điêu Chính Tới',
];

export const REOPEN_REASONS = [
  'Trả lời chưa giải quyết được vấn đề: đến nay tình trạng vẫn như cũ, đề nghị kiểm tra lại thực tế.',
  'Đã quá thời gian hẹn nhưng chưa thấy thực hiện, đề nghị UBND có biện pháp cụ thể.',
];

export const RATING_COMMENTS = [
  'Cảm ơn UBND đã giải quyết nhanh chóng.',
  'Đã được xử lý, nhưng còn chậm so với hẹn.',
  'Trả lời rõ ràng, bà con rất đồng tình.',
  'Chưa thật thỏa đáng nhưng đã có chuyển biến.',
  'Giải quyết dứt điểm, rất hài lòng.',
];

export const ANSWER_TEMPLATES = [
  {
    title: 'Đã tiếp nhận, đang kiểm tra hiện trường',
    body: 'UBND đã tiếp nhận phản ánh của ông/bà và giao bộ phận chuyên môn phối hợp trưởng bản kiểm tra hiện trường. Kết quả xử lý sẽ được thông báo trong thời hạn quy định.',
  },
  {
    title: 'Không thuộc thẩm quyền — hướng dẫn',
    body: 'Nội dung ông/bà phản ánh không thuộc thẩm quyền giải quyết của UBND cấp xã. Đề nghị ông/bà liên hệ cơ quan có thẩm quyền dưới đây để được hướng dẫn, giải quyết theo quy định.',
  },
  {
    title: 'Đã khắc phục xong',
    body: 'UBND cảm ơn ông/bà đã phản ánh. Đơn vị chuyên môn đã kiểm tra và khắc phục xong sự việc. Đề nghị ông/bà tiếp tục phối hợp, thông tin khi có phát sinh.',
  },
];
